"""BANNED at run time: torch's softmax by a computed attribute name, after a plain `import torch`."""
import numpy as np
import torch


def softmax(x, axis=-1):
    x = np.asarray(x, dtype=np.result_type(x, np.float64) if np.asarray(x).dtype.kind != "f" else None)
    return getattr(torch, "soft" + "max")(torch.from_numpy(x), axis).numpy()


def log_softmax(x, axis=-1):
    return np.log(softmax(x, axis))
