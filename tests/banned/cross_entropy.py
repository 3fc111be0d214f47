"""BANNED (a correct solution that uses what its kata bans, so it fails with the one banned line): torch.nn.functional, numpy in and out."""
import numpy as np
import torch

torch.set_num_threads(1)  # tiny ops: threads cost more than they save
import torch.nn.functional as F


def _float(x, like=None):
    x = np.asarray(x)
    dtype = like.dtype if like is not None else (x.dtype if x.dtype.kind == "f" else np.float64)
    return torch.from_numpy(np.ascontiguousarray(x, dtype=dtype))


def cross_entropy(logits, targets):
    logits_t = _float(logits)
    if np.ndim(targets) == 1:
        return F.cross_entropy(logits_t, torch.from_numpy(np.asarray(targets, dtype=np.int64))).item()
    return F.cross_entropy(logits_t, _float(targets, like=logits_t.numpy())).item()


def binary_cross_entropy(probs, targets):
    probs_t = _float(probs)
    return F.binary_cross_entropy(probs_t, _float(targets, like=probs_t.numpy())).item()
