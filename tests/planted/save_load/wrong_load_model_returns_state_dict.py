"""WRONG: save_model saves the state dict and load_model returns that dict, not a module."""
from planted.save_load._base import make

EXPECT = '(a state_dict: save_model saves the whole module), not an nn.Module'

save_checkpoint, load_checkpoint, save_model, load_model = make(state_dict_model=True)
