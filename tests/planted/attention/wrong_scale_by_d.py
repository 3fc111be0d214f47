"""WRONG: divides the scores by d instead of sqrt(d)."""
from planted.attention._base import make

EXPECT = 'divided by d instead of sqrt(d)'

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(scale="d")
