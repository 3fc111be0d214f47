"""WRONG: the interleaved convention everywhere (GPT-J, RoFormer): repeat_interleave tables, adjacent pairs turned."""
from planted.rope._base import make

EXPECT = "the INTERLEAVED convention"

rope_tables, rotate_half, apply_rope = make(table_layout="interleave", rotate_pairs="adjacent")
