"""affine forward (+ backward) against torch.nn.functional.linear (with autograd), at the kata's
benchmark sizes."""
import numpy as np
import torch
from affine import affine_backward, affine_forward


def benchmarks():
    out = []
    for n in (64, 256):
        rng = np.random.default_rng(0)
        x, w, b = rng.standard_normal((n, 3, 32, 32)), rng.standard_normal((3 * 32 * 32, 100)) * 0.01, np.zeros(100)
        dout = rng.standard_normal((n, 100))
        xt, wt, bt, dt = (torch.from_numpy(v) for v in (x, w.T.copy(), b, dout))  # linear's weight is [M, D]
        xg, wg, bg = (t.clone().requires_grad_() for t in (xt, wt, bt))

        def ref_both(x=x, w=w, b=b, dout=dout):
            _, cache = affine_forward(x, w, b)
            return affine_backward(dout, cache)

        def torch_both(xg=xg, wg=wg, bg=bg, dt=dt):
            out = torch.nn.functional.linear(xg.flatten(1), wg, bg)
            return torch.autograd.grad(out, (xg, wg, bg), dt)

        label = f"N={n} x 3x32x32 -> M=100 float64"
        out.append({"name": f"affine_forward {label}", "reference": lambda x=x, w=w, b=b: affine_forward(x, w, b),
                    "library": lambda xt=xt, wt=wt, bt=bt: torch.nn.functional.linear(xt.flatten(1), wt, bt),
                    "library_name": "torch.nn.functional.linear"})
        out.append({"name": f"affine forward+backward {label}", "reference": ref_both, "library": torch_both,
                    "library_name": "torch.nn.functional.linear + autograd"})
    return out
