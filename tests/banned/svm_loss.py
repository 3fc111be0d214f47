"""BANNED (a correct solution that uses what its kata bans, so it fails with the one banned line): torch's multi_margin_loss (which divides by C as well as N) times C, gradient by autograd."""
import numpy as np
import torch

torch.set_num_threads(1)  # tiny ops: threads cost more than they save


def svm_loss(x, y):
    xt = torch.tensor(x if x.dtype.kind == "f" else x.astype(np.float64), requires_grad=True)
    loss = torch.nn.functional.multi_margin_loss(xt, torch.as_tensor(y, dtype=torch.long)) * x.shape[1]
    loss.backward()
    return loss.item(), xt.grad.numpy()
