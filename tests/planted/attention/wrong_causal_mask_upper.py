"""WRONG: causal_mask with triu: True on and ABOVE the diagonal."""
from planted.attention._base import make

EXPECT = 'True on and ABOVE the diagonal'

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(causal_upper=True)
