"""Kata: rotary position embeddings (RoPE), half-split convention. Read katas/rope/README.md, then fill in.

Grade yourself with:  pytest katas/rope
"""
from __future__ import annotations

import torch


def rope_tables(positions: torch.Tensor, d: int, base: float = 10000.0) -> tuple[torch.Tensor, torch.Tensor]:
    """The cos and sin tables of RoPE for the given positions.

    positions: [L] integer tensor (any integers: unsorted, with gaps, 1e5 and beyond).
    theta_j = base ** (-2j / d) for j = 0 .. d/2 - 1; angle[r, j] = positions[r] * theta_j, in float64.
    Half-split layout: column j and column j + d/2 hold the same angle (the d/2 angles written twice).
    Returns (cos, sin): each float64 [L, d].
    Raises ValueError if d is odd or d < 2.
    """
    raise NotImplementedError


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    """x [..., d] -> [..., d]: the halves (x1, x2) = (x[..., :d/2], x[..., d/2:]) become (-x2, x1).

    Same shape and dtype as x. Raises ValueError if d is odd or d < 2.
    """
    raise NotImplementedError


def apply_rope(x: torch.Tensor, offset: int = 0, base: float = 10000.0) -> torch.Tensor:
    """Rotary position embedding of x [..., L, d]: [L, d], [B, L, d] or [B, h, L, d].

    The SECOND-TO-LAST axis is the sequence: row x[..., i, :] has position offset + i.
    out = x * cos + rotate_half(x) * sin: pair (x_j, x_{j+d/2}) is rotated by (offset + i) * theta_j.
    Returns the same shape; the dtype of x if it is a float dtype (float32 stays float32), float64 for
    integer x. Raises ValueError if x has fewer than 2 axes, or d = x.shape[-1] is odd or < 2.
    """
    raise NotImplementedError
