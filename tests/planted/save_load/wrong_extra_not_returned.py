"""WRONG: load_checkpoint returns only the epoch, not the extra values."""
from planted.save_load._base import make

EXPECT = 'the extra values saved were not returned'

save_checkpoint, load_checkpoint, save_model, load_model = make(extra_not_returned=True)
