"""WRONG: torch.save(state, path) straight to the path: a failure half way destroys the old checkpoint."""
from planted.save_load._base import make

EXPECT = "damaged by the failed save"

save_checkpoint, load_checkpoint, save_model, load_model = make(direct_write=True)
