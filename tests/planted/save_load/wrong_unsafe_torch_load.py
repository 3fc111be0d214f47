"""WRONG: torch.load(path, weights_only=False): a crafted file runs its code."""
from planted.save_load._base import make

EXPECT = "RAN code hidden in it"

save_checkpoint, load_checkpoint, save_model, load_model = make(unsafe_load=True)
