"""WRONG: softmax over dim=-2 (the queries) instead of the keys."""
from planted.attention._base import make

EXPECT = 'the softmax taken over the queries'

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(axis=-2)
