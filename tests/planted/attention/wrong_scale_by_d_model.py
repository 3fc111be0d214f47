"""WRONG: scales by 1/sqrt(d_model) instead of 1/sqrt(d_k) in the heads."""
from planted.attention._base import make

EXPECT = 'divided by sqrt(d_model) instead of sqrt(d_k)'

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(scale_by_d_model=True)
