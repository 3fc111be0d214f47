"""BANNED (a correct solution that uses what its kata bans, so it fails with the one banned line): torch.nn.functional.conv2d and autograd, numpy in and out."""
import torch
import torch.nn.functional as F

# The grader's numerical gradient calls the forward thousands of times on tiny inputs: with
# several threads, torch spends more time starting them than computing.
torch.set_num_threads(1)


def conv_forward(x, w, b, conv_param):
    stride, pad = conv_param.get("stride", 1), conv_param.get("pad", 0)
    if x.shape[1] != w.shape[1] or w.shape[2] > x.shape[2] + 2 * pad or w.shape[3] > x.shape[3] + 2 * pad:
        raise ValueError("x and w do not fit")  # torch would raise RuntimeError
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    out = F.conv2d(tx, tw, tb, stride=stride, padding=pad)
    return out.detach().numpy(), (out, tx, tw, tb)


def conv_backward(dout, cache):
    out, tx, tw, tb = cache
    grads = torch.autograd.grad(out, (tx, tw, tb), torch.from_numpy(dout), retain_graph=True)
    return tuple(g.numpy() for g in grads)
