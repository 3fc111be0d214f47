"""Reference solution for the rope kata: rotary position embeddings, half-split convention."""
from __future__ import annotations

import torch


def _check_d(d: int) -> None:
    if d < 2 or d % 2:
        raise ValueError(f"d={d} must be even and >= 2: RoPE rotates pairs of coordinates")


def rope_tables(positions: torch.Tensor, d: int, base: float = 10000.0) -> tuple[torch.Tensor, torch.Tensor]:
    """cos and sin tables [L, d] (float64) for the given integer positions, half-split layout."""
    _check_d(d)
    # theta_j = base ** (-2j / d): arange(0, d, 2) is 2j already (the factor 2 is easy to lose).
    theta = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)  # [d/2]
    # float64 angles: p * theta at p ~ 1e5 keeps only ~2 digits of its fraction in float32.
    angles = torch.as_tensor(positions).to(torch.float64)[:, None] * theta  # [L, d/2]
    # Half-split: coordinate j and j + d/2 share angle theta_j, so the d/2 angles are written twice.
    angles = torch.cat([angles, angles], dim=-1)  # [L, d]
    return angles.cos(), angles.sin()


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    """(x1, x2) -> (-x2, x1) on the two halves of the last axis."""
    _check_d(x.shape[-1])
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat([-x2, x1], dim=-1)


def apply_rope(x: torch.Tensor, offset: int = 0, base: float = 10000.0) -> torch.Tensor:
    """Rotate pair (x_j, x_{j+d/2}) of row x[..., i, :] by the angle (offset + i) * theta_j."""
    if x.ndim < 2:
        raise ValueError(f"x must be [..., L, d], got shape {tuple(x.shape)}")
    L, d = x.shape[-2:]  # the sequence is the second-to-last axis whatever the leading axes
    cos, sin = rope_tables(torch.arange(offset, offset + L), d, base)  # [L, d], broadcast over leading axes
    # Tables are float64: cast them to x's float dtype (float32 stays float32); integer x gives float64.
    dtype = x.dtype if x.is_floating_point() else torch.float64
    x = x.to(dtype)
    return x * cos.to(dtype) + rotate_half(x) * sin.to(dtype)
