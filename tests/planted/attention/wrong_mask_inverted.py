"""WRONG: masked_fill(mask, -inf): blocks the keys marked True (nn.MultiheadAttention's convention)."""
from planted.attention._base import make

EXPECT = 'the mask INVERTED'

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(inverted=True)
