"""cross_entropy / binary_cross_entropy against torch.nn.functional (the kata's benchmark sizes)."""
import numpy as np
import torch
from cross_entropy import binary_cross_entropy, cross_entropy

F = torch.nn.functional


def benchmarks():
    out = []
    for n, c in ((1000, 10), (10_000, 100)):
        rng = np.random.default_rng(0)
        logits, targets = rng.standard_normal((n, c)) * 5, rng.integers(0, c, size=n)
        lt, tt = torch.from_numpy(logits), torch.from_numpy(targets)
        out.append({"name": f"cross_entropy N={n} C={c} float64",
                    "reference": lambda logits=logits, targets=targets: cross_entropy(logits, targets),
                    "library": lambda lt=lt, tt=tt: F.cross_entropy(lt, tt),
                    "library_name": "torch.nn.functional.cross_entropy"})
    for n in (10_000, 1_000_000):
        rng = np.random.default_rng(0)
        probs, targets = rng.random(n), (rng.random(n) < 0.5) * 1.0
        pt, tt = torch.from_numpy(probs), torch.from_numpy(targets)
        out.append({"name": f"binary_cross_entropy n={n} float64",
                    "reference": lambda probs=probs, targets=targets: binary_cross_entropy(probs, targets),
                    "library": lambda pt=pt, tt=tt: F.binary_cross_entropy(pt, tt),
                    "library_name": "torch.nn.functional.binary_cross_entropy"})
    return out
