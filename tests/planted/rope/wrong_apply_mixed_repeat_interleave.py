"""WRONG: apply_rope builds a repeat_interleave table of its own and uses rotate_half (the two conventions mixed)."""
from planted.rope._base import make

EXPECT = "the two conventions MIXED: an interleaved table"

rope_tables, rotate_half, apply_rope = make(apply_layout="interleave")
