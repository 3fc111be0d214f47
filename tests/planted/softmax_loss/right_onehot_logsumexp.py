"""RIGHT: vectorised with a one-hot matrix in W's dtype and logsumexp = max + log(sum(exp(s - max)))."""
import numpy as np


def softmax_loss(W, X, y, reg):
    N, C = X.shape[0], W.shape[1]
    onehot = np.eye(C, dtype=W.dtype)[y]  # [N, C]
    scores = X @ W
    top = scores.max(axis=1, keepdims=True)
    logsumexp = top + np.log(np.exp(scores - top).sum(axis=1, keepdims=True))  # [N, 1]
    log_probs = scores - logsumexp
    loss = -(onehot * log_probs).sum() / N + reg * (W ** 2).sum()
    dW = X.T @ ((np.exp(log_probs) - onehot) / N) + 2 * reg * W
    return loss, dW
