"""WRONG: angles computed in float32 (HF's old inv_freq style), then the tables cast to float64."""
from planted.rope._base import make

EXPECT = "a float32 step in the angles"

rope_tables, rotate_half, apply_rope = make(float32=True)
