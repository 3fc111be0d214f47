"""WRONG: saves only the model: the optimizer state is lost and resumed training differs."""
from planted.save_load._base import make

EXPECT = "the optimizer's state was never saved"

save_checkpoint, load_checkpoint, save_model, load_model = make(model_only=True)
