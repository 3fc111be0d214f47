"""The rope reference against independent oracles: the complex-number form (torch.polar and
view_as_complex on the half-split pairs x_j + i x_{j+d/2}), a brute-force loop of 2x2 rotation
matrices, mpmath at high precision for large positions, and the interleaved convention after HF's
row permutation."""
from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import torch

from katatest import reference

ref = reference("rope")


def complex_rope(x: torch.Tensor, positions: torch.Tensor, base: float) -> torch.Tensor:
    """Half-split RoPE as complex multiplication: z_j = x_j + i x_{j+d/2} times e^{i p theta_j}."""
    d = x.shape[-1]
    theta = torch.tensor([base ** (-2.0 * j / d) for j in range(d // 2)], dtype=torch.float64)
    angles = positions.to(torch.float64)[:, None] * theta  # [L, d/2]
    rot = torch.polar(torch.ones_like(angles), angles)
    xd = x.to(torch.float64)
    z = torch.view_as_complex(torch.stack([xd[..., : d // 2], xd[..., d // 2:]], dim=-1).contiguous())
    w = z * rot
    return torch.cat([w.real, w.imag], dim=-1)


def matrix_rope(x: torch.Tensor, positions: list[int], base: float) -> torch.Tensor:
    """Brute force: for every row and pair, the 2x2 matrix [[cos, -sin], [sin, cos]] applied to (x_j, x_{j+d/2})."""
    d = x.shape[-1]
    flat = x.to(torch.float64).reshape(-1, len(positions), d)
    out = torch.empty_like(flat)
    for b in range(flat.shape[0]):
        for i, p in enumerate(positions):
            for j in range(d // 2):
                a = p * base ** (-2.0 * j / d)
                R = torch.tensor([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]], dtype=torch.float64)
                pair = torch.stack([flat[b, i, j], flat[b, i, j + d // 2]])
                out[b, i, j], out[b, i, j + d // 2] = R @ pair
    return out.reshape(x.shape)


def random_case(seed: int):
    rng = np.random.default_rng(seed)
    lead = tuple(int(n) for n in rng.integers(1, 4, size=rng.integers(0, 3)))
    L, d = int(rng.integers(1, 7)), 2 * int(rng.integers(1, 6))
    x = torch.from_numpy(rng.standard_normal((*lead, L, d)))
    offset = int(rng.choice([0, int(rng.integers(1, 50)), 100000, 123457]))
    base = float(rng.choice([10000.0, 500000.0, 10.0]))
    return x, offset, base


@pytest.mark.parametrize("seed", range(16))
def test_apply_rope_matches_complex_and_matrix_forms(seed):
    x, offset, base = random_case(seed)
    L = x.shape[-2]
    out = ref.apply_rope(x, offset, base)
    assert out.dtype == torch.float64 and out.shape == x.shape
    positions = torch.arange(offset, offset + L)
    torch.testing.assert_close(out, complex_rope(x, positions, base), rtol=1e-10, atol=1e-10)
    torch.testing.assert_close(out, matrix_rope(x, positions.tolist(), base), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("seed", range(8))
def test_rope_tables_match_the_complex_exponential(seed):
    rng = np.random.default_rng(50 + seed)
    positions = torch.from_numpy(rng.integers(-1000, 1_000_000, size=int(rng.integers(0, 9))))
    d, base = 2 * int(rng.integers(1, 9)), float(rng.choice([10000.0, 500000.0, 2.0]))
    cos, sin = ref.rope_tables(positions, d, base)
    assert cos.dtype == sin.dtype == torch.float64 and cos.shape == sin.shape == (len(positions), d)
    rot = torch.polar(torch.ones(len(positions), d // 2, dtype=torch.float64),
                      positions.to(torch.float64)[:, None] * base ** (-2.0 * torch.arange(d // 2, dtype=torch.float64) / d))
    torch.testing.assert_close(cos, torch.cat([rot.real, rot.real], -1), rtol=1e-10, atol=1e-10)
    torch.testing.assert_close(sin, torch.cat([rot.imag, rot.imag], -1), rtol=1e-10, atol=1e-10)


def test_large_positions_are_accurate_in_float64():
    """mpmath at 40 digits: the float64 angles keep ~1e-10 accuracy at positions ~1e6; float32 ones would not."""
    positions, d, base = [100000, 123457, 999999], 8, 10000.0
    cos, sin = ref.rope_tables(torch.tensor(positions), d, base)
    mpmath.mp.dps = 40
    for r, p in enumerate(positions):
        for j in range(d // 2):
            a = mpmath.mpf(p) * mpmath.power(base, mpmath.mpf(-2 * j) / d)
            for col in (j, j + d // 2):
                assert abs(cos[r, col].item() - float(mpmath.cos(a))) < 1e-9
                assert abs(sin[r, col].item() - float(mpmath.sin(a))) < 1e-9


def test_half_split_is_interleaved_after_hf_permutation():
    """HF's LLaMA conversion permutes W_q, W_k so that the half-split rotation of the permuted features
    equals the interleaved rotation (GPT-J, Meta) of the original ones."""
    x = torch.randn(2, 3, 5, 8, dtype=torch.float64)
    d, offset = 8, 4
    positions = torch.arange(offset, offset + x.shape[-2]).to(torch.float64)
    theta = 10000.0 ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = positions[:, None] * theta  # [L, d/2]
    z = torch.view_as_complex(x.reshape(*x.shape[:-1], d // 2, 2).contiguous())  # adjacent pairs
    interleaved = torch.view_as_real(z * torch.polar(torch.ones_like(angles), angles)).flatten(-2)
    perm = torch.cat([torch.arange(0, d, 2), torch.arange(1, d, 2)])  # evens first, then odds
    torch.testing.assert_close(ref.apply_rope(x[..., perm], offset), interleaved[..., perm], rtol=1e-12, atol=1e-12)
    assert not torch.allclose(ref.apply_rope(x, offset), interleaved)  # the two conventions differ


def test_properties_norm_and_relative_position():
    q, k = torch.randn(8, dtype=torch.float64), torch.randn(8, dtype=torch.float64)
    a, b = ref.apply_rope(q[None], 37), ref.apply_rope(k[None], 30)
    c, e = ref.apply_rope(q[None], 1007), ref.apply_rope(k[None], 1000)
    assert math.isclose(float(a @ b.T), float(c @ e.T), rel_tol=1e-9)
    x = torch.randn(4, 6, 8, dtype=torch.float64)
    y = ref.apply_rope(x, 11)
    norms = lambda t: t[..., :4] ** 2 + t[..., 4:] ** 2  # noqa: E731
    torch.testing.assert_close(norms(y), norms(x), rtol=1e-12, atol=1e-12)


def test_dtypes():
    x32 = torch.randn(2, 5, 8)
    out = ref.apply_rope(x32, 100000)
    assert out.dtype == torch.float32
    torch.testing.assert_close(out, complex_rope(x32, torch.arange(100000, 100005), 10000.0).float(),
                               rtol=1e-5, atol=1e-5)
    assert ref.apply_rope(torch.tensor([[1, 2, 3, 4]]), 1).dtype == torch.float64
    assert ref.rotate_half(x32).dtype == torch.float32
    assert ref.rope_tables(torch.tensor([0, 1], dtype=torch.int32), 4)[0].dtype == torch.float64


@pytest.mark.parametrize("call", [
    lambda: ref.rope_tables(torch.arange(3), 5), lambda: ref.rope_tables(torch.arange(3), 0),
    lambda: ref.rotate_half(torch.zeros(2, 3)), lambda: ref.rotate_half(torch.zeros(2, 0)),
    lambda: ref.apply_rope(torch.zeros(4)), lambda: ref.apply_rope(torch.zeros(3, 7)),
    lambda: ref.apply_rope(torch.zeros(2, 3, 0)),
])
def test_invalid_inputs_raise_value_error(call):
    with pytest.raises(ValueError):
        call()
