"""WRONG: splits heads with a reshape to [B, H, L, d_k] and no transpose."""
from planted.attention._base import make

EXPECT = 'heads split by a plain reshape'

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(split_transpose=False)
