"""BANNED (a correct solution that uses what its kata bans, so it fails with the one banned line): torch in the forward, torch autograd in the backward (numpy in, numpy out)."""
import numpy as np
import torch


def affine_forward(x, w, b):
    xt = torch.from_numpy(np.array(x, dtype=np.result_type(x, w))).requires_grad_()
    wt = torch.from_numpy(w.copy()).requires_grad_()
    bt = torch.from_numpy(b.copy()).requires_grad_()
    out = torch.nn.functional.linear(xt.flatten(1), wt.T, bt)
    return out.detach().numpy().copy(), (out, xt, wt, bt)


def affine_backward(dout, cache):
    out, xt, wt, bt = cache
    dx, dw, db = torch.autograd.grad(out, (xt, wt, bt), torch.from_numpy(dout))
    return dx.numpy(), dw.numpy(), db.numpy()
