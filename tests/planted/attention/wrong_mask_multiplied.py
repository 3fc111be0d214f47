"""WRONG: multiplies the scores by the mask instead of filling with -inf."""
from planted.attention._base import make

EXPECT = 'the scores multiplied by the mask'

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(multiply_mask=True)
