"""WRONG: q /= sqrt(d) modifies the caller's tensor."""
from planted.attention._base import make

EXPECT = "modified its input"

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(in_place=True)
