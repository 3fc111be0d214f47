"""WRONG: catches the write error and returns normally: the caller thinks it saved."""
from planted.save_load._base import make

EXPECT = "it must raise"

save_checkpoint, load_checkpoint, save_model, load_model = make(swallow=True)
