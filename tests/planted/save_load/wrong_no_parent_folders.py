"""WRONG: never creates the missing parent folders."""
from planted.save_load._base import make

EXPECT = 'the missing parent folders were not created'

save_checkpoint, load_checkpoint, save_model, load_model = make(no_mkdir=True)
