"""WRONG: puts the model and optimizer objects themselves in the checkpoint and loads with weights_only=False."""
from planted.save_load._base import make

EXPECT = 'the checkpoint holds a pickled object'

save_checkpoint, load_checkpoint, save_model, load_model = make(whole_objects=True)
