"""WRONG: mask.unsqueeze(1) for every mask (Annotated Transformer), breaks [Lq, Lk] masks."""
from planted.attention._base import make

EXPECT = "unconditional mask.unsqueeze(1)"

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(unsqueeze_mask=True)
