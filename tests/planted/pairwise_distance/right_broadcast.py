"""RIGHT: the broadcast difference [N, M, D], squared, summed over D (exact, memory-hungry)."""
import numpy as np

from planted.pairwise_distance._common import float_inputs


def pairwise_distances(X, Y):
    X, Y = float_inputs(X, Y)
    diff = X[:, None, :] - Y[None, :, :]  # [N, M, D]
    return np.sqrt((diff ** 2).sum(axis=-1))
