"""WRONG: rope_tables returns float32 tables."""
from planted.rope._base import make

EXPECT = "the tables are float64 whatever the positions"

rope_tables, rotate_half, apply_rope = make(float32=True, float32_out=True)
