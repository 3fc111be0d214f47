"""WRONG: accepts num_heads that do not divide d_model."""
from planted.attention._base import make

EXPECT = "raise ValueError"

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(check_heads=False)
