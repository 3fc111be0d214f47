"""Kata: cross-entropy losses. Read katas/cross_entropy/README.md, then fill in the functions.

Grade yourself with:  pytest katas/cross_entropy
"""
import numpy as np


def cross_entropy(logits: np.ndarray, targets: np.ndarray) -> float:
    """Softmax cross-entropy, mean over the N examples (as torch.nn.functional.cross_entropy).

    logits: [N, C] scores.
    targets: either [N] integer class indices, or [N, C] class probabilities (soft labels);
             targets.ndim decides which.
    Stable for logits as large as 1e4 in magnitude. Returns one number.
    """
    raise NotImplementedError


def binary_cross_entropy(probs: np.ndarray, targets: np.ndarray) -> float:
    """Mean over every entry of -(y log p + (1 - y) log(1 - p)), as torch.nn.functional.binary_cross_entropy.

    probs: probabilities in [0, 1], any shape; targets: same shape, values in [0, 1].
    Each log is clamped at -100, so p = 0 or p = 1 gives a finite loss. Returns one number.
    """
    raise NotImplementedError
