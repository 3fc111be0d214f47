"""WRONG: theta_j = base ** (-j / d): arange(d // 2) / d, the factor 2 lost."""
from planted.rope._base import make

EXPECT = "the factor 2 lost"

rope_tables, rotate_half, apply_rope = make(factor=1.0)
