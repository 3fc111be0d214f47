"""BANNED (a correct solution that uses what its kata bans, so it fails with the one banned line): torch.cdist on tensors that share the numpy arrays' memory."""
import numpy as np
import torch


def pairwise_distances(X, Y):
    X, Y = float_inputs(X, Y)
    return torch.cdist(torch.from_numpy(X), torch.from_numpy(Y)).numpy()


def float_inputs(X, Y):
    dtype = np.result_type(X, Y)
    dtype = dtype if dtype.kind == "f" else np.dtype(np.float64)
    return np.asarray(X, dtype), np.asarray(Y, dtype)
