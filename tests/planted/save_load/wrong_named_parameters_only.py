"""WRONG: saves named_parameters() and loads with strict=False: BatchNorm buffers are lost."""
from planted.save_load._base import make

EXPECT = "buffer 1.running_mean was not restored"

save_checkpoint, load_checkpoint, save_model, load_model = make(params_only=True)
