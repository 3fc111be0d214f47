"""RIGHT: the complex-number form: pair (x_j, x_{j+d/2}) is the complex number x_j + i x_{j+d/2},
multiplied by e^{i p theta_j} (torch.polar, view_as_complex on the half-split pairs)."""
import torch


def _check(d):
    if d < 2 or d % 2:
        raise ValueError(f"d={d}: RoPE needs an even d >= 2")


def _freqs(positions, d, base):
    _check(d)
    j = torch.arange(d // 2, dtype=torch.float64)
    angles = torch.outer(positions.to(torch.float64), torch.exp(-2 * j / d * torch.log(torch.tensor(float(base),
                                                                                                  dtype=torch.float64))))
    return torch.polar(torch.ones_like(angles), angles)  # [L, d/2] complex128


def rope_tables(positions, d, base=10000.0):
    z = _freqs(positions, d, base)
    return torch.cat([z.real, z.real], -1), torch.cat([z.imag, z.imag], -1)


def rotate_half(x):
    _check(x.shape[-1])
    h = x.shape[-1] // 2
    return torch.cat([-x[..., h:], x[..., :h]], -1)


def apply_rope(x, offset=0, base=10000.0):
    if x.dim() < 2:
        raise ValueError("x needs a sequence axis and a feature axis")
    L, d = x.shape[-2], x.shape[-1]
    z = _freqs(torch.arange(offset, offset + L), d, base)
    out_dtype = x.dtype if x.is_floating_point() else torch.float64
    xd = x.to(torch.float64)
    h = d // 2
    pairs = torch.view_as_complex(torch.stack([xd[..., :h], xd[..., h:]], -1).contiguous())  # [..., L, d/2]
    turned = pairs * z
    return torch.cat([turned.real, turned.imag], -1).to(out_dtype)
