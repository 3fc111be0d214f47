"""softmax_loss (loss + dW) against torch cross_entropy + L2 penalty with autograd on W, at the
kata's benchmark sizes (CS231n's CIFAR-10 shapes: D = 3073, C = 10)."""
import numpy as np
import torch
from softmax_loss import softmax_loss

F = torch.nn.functional


def benchmarks():
    out = []
    for n in (500, 2000):
        rng = np.random.default_rng(0)
        W, X, y, reg = rng.standard_normal((3073, 10)) * 1e-4, rng.standard_normal((n, 3073)), rng.integers(0, 10, size=n), 5e-6
        Wt, Xt, yt = torch.from_numpy(W).requires_grad_(), torch.from_numpy(X), torch.from_numpy(y)

        def torch_both(Wt=Wt, Xt=Xt, yt=yt, reg=reg):
            loss = F.cross_entropy(Xt @ Wt, yt) + reg * (Wt * Wt).sum()
            return loss, torch.autograd.grad(loss, Wt)[0]

        out.append({"name": f"softmax_loss+grad N={n} D=3073 C=10 float64",
                    "reference": lambda W=W, X=X, y=y, reg=reg: softmax_loss(W, X, y, reg),
                    "library": torch_both, "library_name": "torch cross_entropy + autograd"})
    return out
