"""WRONG: detaches the projected queries: outputs are right, W_q and W_k get no gradient."""
from planted.attention._base import make

EXPECT = "no gradient reached W_q.weight"

scaled_dot_product_attention, causal_mask, MultiHeadAttention = make(detach_q=True)
