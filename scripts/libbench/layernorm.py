"""layernorm and rmsnorm forward, and forward+backward, against torch.nn.functional.layer_norm and
torch.nn.functional.rms_norm (with autograd), at the kata's larger benchmark size."""
import numpy as np
import torch
from layernorm import layernorm_backward, layernorm_forward, rmsnorm_backward, rmsnorm_forward

F = torch.nn.functional


def benchmarks():
    b, t, d = 8, 256, 1024
    rng = np.random.default_rng(0)
    x, gamma, beta = rng.standard_normal((b, t, d)) * 2 + 1, rng.uniform(0.5, 2, d), rng.normal(0, 1, d)
    dout = rng.standard_normal((b, t, d))
    xt, gt, bt, dt = (torch.from_numpy(v.copy()) for v in (x, gamma, beta, dout))
    xg, gg, bg = (v.clone().requires_grad_() for v in (xt, gt, bt))

    def ref_ln_both():
        return layernorm_backward(dout, layernorm_forward(x, gamma, beta)[1])

    def torch_ln_both():
        return torch.autograd.grad(F.layer_norm(xg, (d,), gg, bg, 1e-5), (xg, gg, bg), dt)

    def ref_rms_both():
        return rmsnorm_backward(dout, rmsnorm_forward(x, gamma)[1])

    def torch_rms_both():
        return torch.autograd.grad(F.rms_norm(xg, (d,), gg, 1e-6), (xg, gg), dt)

    label = f"B={b} T={t} D={d} float64"
    return [
        {"name": f"layernorm_forward {label}", "reference": lambda: layernorm_forward(x, gamma, beta),
         "library": lambda: F.layer_norm(xt, (d,), gt, bt, 1e-5), "library_name": "torch.nn.functional.layer_norm"},
        {"name": f"layernorm forward+backward {label}", "reference": ref_ln_both, "library": torch_ln_both,
         "library_name": "torch.nn.functional.layer_norm + autograd"},
        {"name": f"rmsnorm_forward {label}", "reference": lambda: rmsnorm_forward(x, gamma),
         "library": lambda: F.rms_norm(xt, (d,), gt, 1e-6), "library_name": "torch.nn.functional.rms_norm"},
        {"name": f"rmsnorm forward+backward {label}", "reference": ref_rms_both, "library": torch_rms_both,
         "library_name": "torch.nn.functional.rms_norm + autograd"},
    ]
