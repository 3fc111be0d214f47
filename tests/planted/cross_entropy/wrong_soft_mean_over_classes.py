"""WRONG: soft labels averaged with np.mean over the whole [N, C] array (divides by N * C)."""
from planted.cross_entropy._ce import binary_cross_entropy, cross_entropy as _ce

EXPECT = "divides by N * C"


def cross_entropy(logits, targets):
    return _ce(logits, targets, soft_mean_over_all=True)
