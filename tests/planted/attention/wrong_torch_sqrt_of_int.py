"""WRONG: the textbook torch.sqrt(d_k) on an int d_k raises TypeError."""
from planted.attention._base import make

EXPECT = 'torch.sqrt of the int d'

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(scale="torch.sqrt")
