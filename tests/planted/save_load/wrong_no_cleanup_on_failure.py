"""WRONG: os.replace from a temporary file, but a failed save leaves the temporary file."""
from planted.save_load._base import make

EXPECT = 'the failed save left its temporary file behind'

save_checkpoint, load_checkpoint, save_model, load_model = make(no_cleanup=True)
