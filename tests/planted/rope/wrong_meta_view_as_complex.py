"""WRONG: apply_rope copied from Meta's LLaMA code: view_as_complex on ADJACENT pairs (the interleaved
convention), while rope_tables and rotate_half follow the half-split one."""
import torch

EXPECT = "the INTERLEAVED convention (GPT-J"


def rope_tables(positions, d, base=10000.0):
    if d < 2 or d % 2:
        raise ValueError("d must be even and >= 2")
    theta = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = positions.to(torch.float64)[:, None] * theta
    angles = torch.cat([angles, angles], dim=-1)
    return angles.cos(), angles.sin()


def rotate_half(x):
    if x.shape[-1] < 2 or x.shape[-1] % 2:
        raise ValueError("d must be even and >= 2")
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat([-x2, x1], dim=-1)


def apply_rope(x, offset=0, base=10000.0):
    if x.ndim < 2 or x.shape[-1] < 2 or x.shape[-1] % 2:
        raise ValueError("x must be [..., L, d] with an even d >= 2")
    L, d = x.shape[-2:]
    dtype = x.dtype if x.is_floating_point() else torch.float64
    freqs = 1.0 / base ** (torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = torch.outer(torch.arange(offset, offset + L, dtype=torch.float64), freqs)
    freqs_cis = torch.polar(torch.ones_like(angles), angles)  # [L, d/2] complex
    x_ = torch.view_as_complex(x.to(torch.float64).reshape(*x.shape[:-1], -1, 2).contiguous())
    out = torch.view_as_real(x_ * freqs_cis).flatten(-2)
    return out.to(dtype)
