"""WRONG: projects the value with W_k."""
from planted.attention._base import make

EXPECT = 'the value projected with W_k'

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(value_with_w_k=True)
