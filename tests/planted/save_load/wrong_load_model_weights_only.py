"""WRONG: load_model with weights_only=True cannot unpickle a whole module."""
from planted.save_load._base import make

EXPECT = 'weights_only=True cannot unpickle a whole module'

save_checkpoint, load_checkpoint, save_model, load_model = make(load_model_weights_only=True)
