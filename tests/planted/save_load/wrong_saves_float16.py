"""WRONG: stores the weights as float16 to save space: the round trip is not exact."""
from planted.save_load._base import make

EXPECT = 'came back rounded to float16'

save_checkpoint, load_checkpoint, save_model, load_model = make(half=True)
