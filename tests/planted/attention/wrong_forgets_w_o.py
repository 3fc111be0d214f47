"""WRONG: never applies the output projection W_o."""
from planted.attention._base import make

EXPECT = 'without the output projection W_o'

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(w_o=False)
