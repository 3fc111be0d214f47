"""BANNED (a correct solution that uses what its kata bans, so it fails with the one banned line): torch.nn.functional.max_pool2d and autograd, numpy in and out."""
import torch
import torch.nn.functional as F

# The grader's numerical gradient calls the forward many times on tiny inputs: with several
# threads, torch spends more time starting them than computing.
torch.set_num_threads(1)


def max_pool_forward(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    if ph > x.shape[2] or pw > x.shape[3]:
        raise ValueError("the pool does not fit the input")  # torch would raise RuntimeError
    tx = torch.tensor(x, requires_grad=True)
    out = F.max_pool2d(tx, (ph, pw), stride=s)
    return out.detach().numpy(), (tx, out)


def max_pool_backward(dout, cache):
    tx, out = cache
    (dx,) = torch.autograd.grad(out, tx, torch.from_numpy(dout), retain_graph=True)
    return dx.numpy()
