"""WRONG: torch.save(state, path) straight to the path: a failure half way destroys the old checkpoint."""
from planted.save_load._base import make

EXPECT = 'rewrote the existing file in place'

save_checkpoint, load_checkpoint, save_model, load_model = make(direct_write=True)
