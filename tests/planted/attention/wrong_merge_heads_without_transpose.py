"""WRONG: merges heads with a reshape to [B, L, d_model] and no transpose."""
from planted.attention._base import make

EXPECT = 'heads merged by a plain reshape'

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(merge_transpose=False)
