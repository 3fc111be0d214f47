"""WRONG: apply_rope ignores the offset: positions always start at 0."""
from planted.rope._base import make

EXPECT = "the offset ignored"

rope_tables, rotate_half, apply_rope = make(ignore_offset=True)
