"""svm_loss (loss + dx) against torch.nn.functional.multi_margin_loss (times C) with autograd, at
the kata's benchmark sizes."""
import numpy as np
import torch
from svm_loss import svm_loss

F = torch.nn.functional


def benchmarks():
    out = []
    for n, c in ((500, 10), (10_000, 100)):
        rng = np.random.default_rng(0)
        x, y = rng.standard_normal((n, c)), rng.integers(0, c, size=n)
        xt, yt = torch.from_numpy(x).requires_grad_(), torch.from_numpy(y)

        def torch_both(xt=xt, yt=yt, c=c):
            loss = F.multi_margin_loss(xt, yt) * c
            return loss, torch.autograd.grad(loss, xt)[0]

        out.append({"name": f"svm_loss+grad N={n} C={c} float64", "reference": lambda x=x, y=y: svm_loss(x, y),
                    "library": torch_both, "library_name": "torch multi_margin_loss + autograd"})
    return out
