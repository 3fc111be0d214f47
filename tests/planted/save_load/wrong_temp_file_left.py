"""WRONG: copies the temporary file to the path and never removes it."""
from planted.save_load._base import make

EXPECT = 'the save succeeded but left a temporary file behind'

save_checkpoint, load_checkpoint, save_model, load_model = make(temp_left=True)
