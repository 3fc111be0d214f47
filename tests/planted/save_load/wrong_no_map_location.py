"""WRONG: torch.load(path, weights_only=True) without map_location: a checkpoint written on a GPU
machine asks for cuda:0 and fails to load on a CPU-only one."""
from planted.save_load._base import make

EXPECT = "torch.load without map_location='cpu'"

save_checkpoint, load_checkpoint, save_model, load_model = make(no_map_location=True)
