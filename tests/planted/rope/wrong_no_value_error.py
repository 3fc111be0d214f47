"""WRONG: odd d not checked: the halves of an odd d are of different sizes."""
from planted.rope._base import make

EXPECT = "an odd d has no halves"

rope_tables, rotate_half, apply_rope = make(check_d=False)
