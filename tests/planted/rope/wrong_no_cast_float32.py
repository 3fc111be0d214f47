"""WRONG: apply_rope multiplies float32 x by the float64 tables: float32 x comes back float64."""
from planted.rope._base import make

EXPECT = "cos.to(x.dtype)"

rope_tables, rotate_half, apply_rope = make(cast_never=True)
