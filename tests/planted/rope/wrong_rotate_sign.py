"""WRONG: rotate_half returns (x2, -x1): the minus sign on the wrong half (a turn by -90 degrees)."""
from planted.rope._base import make

EXPECT = "the minus sign on the wrong half"

rope_tables, rotate_half, apply_rope = make(rotate_sign=-1)
