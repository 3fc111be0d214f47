"""The cross_entropy reference agrees with torch.nn.functional.cross_entropy (hard and soft
targets) and torch.nn.functional.binary_cross_entropy (including p = 0 and 1)."""
import numpy as np
import pytest

from katatest import reference

torch = pytest.importorskip("torch")
F = torch.nn.functional
ref = reference("cross_entropy")


def tolerance(dtype, peak=1.0):
    if dtype == np.float64:
        return dict(rtol=1e-12, atol=1e-12 * max(peak, 1.0))
    return dict(rtol=1e-5, atol=1e-6 * max(peak, 1.0))


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_hard_targets_match_torch(seed, dtype):
    rng = np.random.default_rng(seed)
    n, c = int(rng.integers(1, 30)), int(rng.integers(1, 12))
    scale = float(rng.choice([1.0, 30.0, 1e3, 1e4]))
    logits = (rng.standard_normal((n, c)) * scale).astype(dtype)
    targets = rng.integers(0, c, size=n)
    want = F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(targets)).item()
    np.testing.assert_allclose(ref.cross_entropy(logits, targets), want, **tolerance(dtype, scale))


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_soft_targets_match_torch(seed, dtype):
    rng = np.random.default_rng(100 + seed)
    n, c = int(rng.integers(1, 30)), int(rng.integers(1, 12))
    scale = float(rng.choice([1.0, 30.0, 1e3, 1e4]))
    logits = (rng.standard_normal((n, c)) * scale).astype(dtype)
    targets = rng.dirichlet(np.ones(c), size=n).astype(dtype)
    want = F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(targets)).item()
    np.testing.assert_allclose(ref.cross_entropy(logits, targets), want, **tolerance(dtype, scale))


def test_hand_cases_match_torch():
    for logits, targets in [([[-1000.0, 0.0]], [0]), ([[1e4, -1e4, 0.0]], [2]), ([[3.0], [-2.0]], [0, 0])]:
        logits, targets = np.array(logits), np.array(targets)
        want = F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(targets)).item()
        assert ref.cross_entropy(logits, targets) == pytest.approx(want, rel=1e-12, abs=1e-12)
    logits, soft = np.array([[-1000.0, 0.0, -1.0]]), np.array([[0.0, 0.5, 0.5]])
    want = F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(soft)).item()
    assert ref.cross_entropy(logits, soft) == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_binary_matches_torch(seed, dtype):
    rng = np.random.default_rng(200 + seed)
    shape = tuple(int(d) for d in rng.integers(1, 8, size=rng.integers(1, 3)))
    probs = rng.random(shape) ** float(rng.choice([1.0, 30.0]))  # some p far below 1e-7
    edge = rng.random(shape)
    probs[edge < 0.15], probs[edge > 0.85] = 0.0, 1.0
    targets = rng.random(shape) if seed % 2 else (rng.random(shape) < 0.5) * 1.0
    probs, targets = probs.astype(dtype), targets.astype(dtype)
    want = F.binary_cross_entropy(torch.from_numpy(probs), torch.from_numpy(targets)).item()
    np.testing.assert_allclose(ref.binary_cross_entropy(probs, targets), want, **tolerance(dtype))


def test_binary_clamp_matches_torch():
    probs, targets = np.array([0.0, 1.0, 0.0, 1.0, 1e-60, 0.5]), np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.3])
    want = F.binary_cross_entropy(torch.from_numpy(probs), torch.from_numpy(targets), reduction="none").numpy()
    for i in range(len(probs)):
        got = ref.binary_cross_entropy(probs[i:i + 1], targets[i:i + 1])
        assert got == pytest.approx(want[i], rel=1e-12, abs=1e-12), (probs[i], targets[i])
