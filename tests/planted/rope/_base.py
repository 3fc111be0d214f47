"""A correct RoPE with switches for the classic mistakes; planted files turn one on each."""
from __future__ import annotations

import torch


def make(table_layout: str = "cat", rotate_pairs: str = "half", apply_layout: str | None = None,
         apply_pairs: str | None = None, factor: float = 2.0, fixed_base: bool = False, float32: bool = False,
         float32_out: bool = False, ignore_offset: bool = False, seq_axis: int = -2, check_d: bool = True,
         rotate_sign: int = 1, cast_always: bool = False, cast_never: bool = False, unpack4: bool = False):
    """`apply_layout` / `apply_pairs`: apply_rope builds its own tables / turns its own pairs (a learner
    who copied another convention into apply_rope only); None: it uses rope_tables / rotate_half."""

    def checked(d):
        if check_d and (d < 2 or d % 2):
            raise ValueError("d must be even and >= 2")

    def angles(positions, d, base):
        base = 10000.0 if fixed_base else base
        if float32:  # HF's old style: inv_freq in float32, positions cast to it
            inv_freq = 1.0 / (base ** (torch.arange(0, d, 2).float() / d))
            return positions.float()[:, None] * inv_freq
        j = torch.arange(d // 2, dtype=torch.float64)
        return positions.to(torch.float64)[:, None] * base ** (-factor * j / d)

    def layout(a, how):
        return torch.cat([a, a], dim=-1) if how == "cat" else a.repeat_interleave(2, dim=-1)

    def rope_tables(positions, d, base=10000.0):
        checked(d)
        a = angles(positions, d, base)
        cos, sin = layout(a.cos(), table_layout), layout(a.sin(), table_layout)
        return (cos, sin) if float32_out else (cos.double(), sin.double())

    def turn(x, pairs):
        if pairs == "half":
            x1, x2 = x.chunk(2, dim=-1)
            return torch.cat([-x2, x1], dim=-1) if rotate_sign > 0 else torch.cat([x2, -x1], dim=-1)
        return torch.stack([-x[..., 1::2], x[..., 0::2]], dim=-1).flatten(-2)

    def rotate_half(x):
        checked(x.shape[-1])
        return turn(x, rotate_pairs)

    def apply_rope(x, offset=0, base=10000.0):
        if x.ndim < 2:
            raise ValueError("x must be [..., L, d]")
        if unpack4:
            B, h, L, d = x.shape
        L, d = x.shape[seq_axis if x.ndim == 4 else -2], x.shape[-1]
        checked(d)
        start = 0 if ignore_offset else offset
        positions = torch.arange(start, start + L)
        if apply_layout is None:
            cos, sin = rope_tables(positions, d, base)
        else:
            a = angles(positions, d, base)
            cos, sin = layout(a.cos(), apply_layout), layout(a.sin(), apply_layout)
        if seq_axis == 1 and x.ndim == 4:  # written for [B, L, h, d]: the tables as [L, 1, d]
            cos, sin = cos[:, None, :], sin[:, None, :]
        if cast_always or (x.is_floating_point() and not cast_never):
            cos, sin = cos.to(x.dtype), sin.to(x.dtype)
        elif not x.is_floating_point():
            x = x.to(torch.float64)
        rotated = turn(x, apply_pairs) if apply_pairs is not None else rotate_half(x)
        return x * cos + rotated * sin

    return rope_tables, rotate_half, apply_rope
