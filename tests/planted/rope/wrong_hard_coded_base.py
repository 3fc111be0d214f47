"""WRONG: the base argument ignored: 10000 hard-coded."""
from planted.rope._base import make

EXPECT = "the base argument ignored"

rope_tables, rotate_half, apply_rope = make(fixed_base=True)
