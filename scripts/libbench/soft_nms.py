"""soft_nms (linear and gaussian) against the nms kata's reference (hard NMS, solutions/nms.py) on the
same boxes. No library here has a CPU Soft-NMS that installs next to torch (torchvision has none, mmcv's
ops do not install), so this measures the price of the soft decay over hard suppression. Hard NMS removes
the boxes it suppresses (it keeps about 38% of the clustered boxes below), Soft-NMS keeps them decayed
and runs one round per box: about 2.6x the rounds, so a ratio near 3 is the algorithm, not the code.
On boxes that never overlap both run N rounds: that ratio is the cost of a round."""
import numpy as np
from nms import nms
from soft_nms import soft_nms


def clustered(n):
    rng = np.random.default_rng(0)
    centres = rng.uniform(0, 1000, size=(max(n // 20, 1), 2))[rng.integers(0, max(n // 20, 1), n)]
    centres = centres + rng.normal(0, 5, size=(n, 2))
    size = rng.uniform(5, 30, size=(n, 2))
    return np.column_stack([centres - size / 2, centres + size / 2]), rng.random(n)


def apart(n):
    """n unit boxes on a grid, two units apart: no IoU above 0, every box kept by both."""
    xy = 2.0 * np.stack(np.divmod(np.arange(n), 100), axis=1)
    return np.column_stack([xy, xy + 1]), np.random.default_rng(0).random(n)


def benchmarks():
    out = []
    for label, make, sizes in (("", clustered, (100, 300, 1000)), (" apart", apart, (1000,))):
        for n in sizes:
            boxes, scores = make(n)
            for method in ("linear", "gaussian"):
                out.append({"name": f"soft_nms {method} N={n}{label}",
                            "reference": lambda b=boxes, s=scores, m=method: soft_nms(b, s, method=m),
                            "library": lambda b=boxes, s=scores: nms(b, s, 0.3),
                            "library_name": "solutions/nms.py nms (hard NMS)",
                            # clustered: ~2.6x the rounds of hard NMS (see above); apart: the same rounds
                            "goal": 2.0 if label else 4.0})
    return out
