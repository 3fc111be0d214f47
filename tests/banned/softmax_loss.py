"""BANNED (a correct solution that uses what its kata bans, so it fails with the one banned line): torch autograd on cross_entropy(X @ W, y) + reg * sum(W^2), numpy in and out."""
import torch

torch.set_num_threads(1)  # tiny ops: threads cost more than they save


def softmax_loss(W, X, y, reg):
    Wt = torch.tensor(W, requires_grad=True)
    scores = torch.from_numpy(X).to(Wt.dtype) @ Wt
    loss = torch.nn.functional.cross_entropy(scores, torch.as_tensor(y, dtype=torch.long)) + reg * (Wt * Wt).sum()
    loss.backward()
    return loss.item(), Wt.grad.numpy()
