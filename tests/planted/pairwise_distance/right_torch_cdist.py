"""RIGHT: torch.cdist on tensors that share the numpy arrays' memory."""
import numpy as np
import torch

from planted.pairwise_distance._common import float_inputs


def pairwise_distances(X, Y):
    X, Y = float_inputs(X, Y)
    return torch.cdist(torch.from_numpy(X), torch.from_numpy(Y)).numpy()
