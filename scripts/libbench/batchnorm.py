"""batchnorm forward (train, test) and forward+backward against torch.nn.functional.batch_norm
(with autograd), at the kata's benchmark size."""
import numpy as np
import torch
from batchnorm import batchnorm_backward, batchnorm_forward

F = torch.nn.functional


def benchmarks():
    n, d = 256, 1024
    rng = np.random.default_rng(0)
    x, gamma, beta = rng.standard_normal((n, d)) * 2 + 1, np.ones(d), np.zeros(d)
    dout = rng.standard_normal((n, d))
    rm, rv = np.zeros(d), np.ones(d)
    xt, gt, bt, dt, rmt, rvt = (torch.from_numpy(v.copy()) for v in (x, gamma, beta, dout, rm, rv))
    xg, gg, bg = (t.clone().requires_grad_() for t in (xt, gt, bt))
    # Our train step updates bn_param's running statistics, as torch updates its buffers.
    train_param = {"mode": "train", "running_mean": rm.copy(), "running_var": rv.copy()}
    test_param = {"mode": "test", "running_mean": rm, "running_var": rv}

    def ref_both():
        _, cache = batchnorm_forward(x, gamma, beta, train_param)
        return batchnorm_backward(dout, cache)

    def torch_both():
        out = F.batch_norm(xg, rmt, rvt, gg, bg, training=True, momentum=0.1, eps=1e-5)
        return torch.autograd.grad(out, (xg, gg, bg), dt)

    label = f"N={n} D={d} float64"
    return [
        {"name": f"batchnorm_forward train {label}",
         "reference": lambda: batchnorm_forward(x, gamma, beta, train_param),
         "library": lambda: F.batch_norm(xt, rmt, rvt, gt, bt, training=True, momentum=0.1, eps=1e-5),
         "library_name": "torch.nn.functional.batch_norm"},
        {"name": f"batchnorm_forward test {label}", "reference": lambda: batchnorm_forward(x, gamma, beta, test_param),
         "library": lambda: F.batch_norm(xt, rmt, rvt, gt, bt, training=False, eps=1e-5),
         "library_name": "torch.nn.functional.batch_norm"},
        {"name": f"batchnorm forward+backward {label}", "reference": ref_both, "library": torch_both,
         "library_name": "torch.nn.functional.batch_norm + autograd"},
    ]
