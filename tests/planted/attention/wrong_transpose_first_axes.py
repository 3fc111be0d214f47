"""WRONG: k.transpose(0, 1): right for 2-D input only."""
from planted.attention._base import make

EXPECT = 'only the last two axes are matrix axes'

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(kT=lambda k: k.transpose(0, 1))
