"""WRONG: clamps each entry's total loss at 100 instead of clamping each log before weighting."""
import numpy as np

from planted.cross_entropy._ce import cross_entropy

EXPECT = "BEFORE multiplying by y and 1 - y"


def binary_cross_entropy(probs, targets):
    with np.errstate(all="ignore"):
        loss = -(targets * np.log(probs) + (1 - targets) * np.log(1 - probs))
    # 0 * log(0) is NaN: count it as 0, then cap the infinite terms.
    return np.mean(np.minimum(np.nan_to_num(loss, nan=0.0, posinf=np.inf), 100.0))
