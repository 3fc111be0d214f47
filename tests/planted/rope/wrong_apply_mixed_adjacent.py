"""WRONG: apply_rope uses the cat tables but turns adjacent pairs (x_2j, x_2j+1) (the two conventions mixed)."""
from planted.rope._base import make

EXPECT = "the two conventions MIXED: a half-split table"

rope_tables, rotate_half, apply_rope = make(apply_pairs="adjacent")
