"""WRONG: rope_tables writes the angles with repeat_interleave (interleaved layout); rotate_half is half-split."""
from planted.rope._base import make

EXPECT = "the INTERLEAVED layout"

rope_tables, rotate_half, apply_rope = make(table_layout="interleave")
