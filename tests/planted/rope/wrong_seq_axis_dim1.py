"""WRONG: apply_rope written for [B, L, h, d]: the sequence read from dim 1 of a 4-D x."""
from planted.rope._base import make

EXPECT = "the sequence axis taken as dim 1"

rope_tables, rotate_half, apply_rope = make(seq_axis=1)
