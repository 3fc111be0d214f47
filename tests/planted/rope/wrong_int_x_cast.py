"""WRONG: apply_rope casts the tables to x.dtype even for integer x: cos and sin become 0/1 integers."""
from planted.rope._base import make

EXPECT = "integer x gives float64"

rope_tables, rotate_half, apply_rope = make(cast_always=True)
