"""WRONG: no 1/sqrt(d) scale on the scores."""
from planted.attention._base import make

EXPECT = 'attention WITHOUT the 1/sqrt(d) scale'

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(scale="none")
