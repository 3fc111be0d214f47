"""WRONG: saves the optimizer state but never loads it back."""
from planted.save_load._base import make

EXPECT = "the optimizer's state was saved but not restored"

save_checkpoint, load_checkpoint, save_model, load_model = make(optimizer_not_loaded=True)
