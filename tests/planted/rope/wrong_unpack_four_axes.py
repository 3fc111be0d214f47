"""WRONG: apply_rope unpacks B, h, L, d = x.shape: [L, d] and [B, L, d] inputs crash."""
from planted.rope._base import make

EXPECT = "a fixed number of axes"

rope_tables, rotate_half, apply_rope = make(unpack4=True)
