"""WRONG: returns attention weights averaged over the heads."""
from planted.attention._base import make

EXPECT = 'attention weights averaged over the heads'

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(average=True)
