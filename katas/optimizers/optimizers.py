"""Kata: optimizer update rules. Read katas/optimizers/README.md, then fill in the functions
(adamw is the bonus: AdamW, Adam with decoupled weight decay).

Grade yourself with:  pytest katas/optimizers

Every rule has the signature rule(w, dw, config=None) -> (next_w, config):
  w: the parameter (any shape), dw: its gradient (same shape), config: a dict of hyperparameters
  and state, or None. Missing keys take the defaults below. The rule's state lives in the
  RETURNED config, which the caller passes back at the next step. next_w is a new array with w's
  dtype: w itself is not modified.
"""
import numpy as np


def sgd(w: np.ndarray, dw: np.ndarray, config: dict | None = None) -> tuple[np.ndarray, dict]:
    """Vanilla SGD: next_w = w - learning_rate * dw.

    config: learning_rate (default 1e-2).
    """
    raise NotImplementedError


def sgd_momentum(w: np.ndarray, dw: np.ndarray, config: dict | None = None) -> tuple[np.ndarray, dict]:
    """SGD with momentum: v = momentum * v - learning_rate * dw; next_w = w + v.

    config: learning_rate (default 1e-2), momentum (default 0.9);
    state: velocity (same shape as w; zeros before the first step).
    """
    raise NotImplementedError


def rmsprop(w: np.ndarray, dw: np.ndarray, config: dict | None = None) -> tuple[np.ndarray, dict]:
    """RMSprop: a running mean of dw^2 scales each coordinate's step.

    config: learning_rate (default 1e-2), decay_rate (default 0.99), epsilon (default 1e-8);
    state: cache (same shape as w; zeros before the first step).
    """
    raise NotImplementedError


def adam(w: np.ndarray, dw: np.ndarray, config: dict | None = None) -> tuple[np.ndarray, dict]:
    """Adam with bias correction.

    config: learning_rate (default 1e-3), beta1 (default 0.9), beta2 (default 0.999),
    epsilon (default 1e-8); state: m, v (same shape as w; zeros before the first step) and
    t (the number of steps taken; 0 before the first step).
    """
    raise NotImplementedError


def adamw(w: np.ndarray, dw: np.ndarray, config: dict | None = None) -> tuple[np.ndarray, dict]:
    """Bonus: AdamW, Adam with DECOUPLED weight decay (as torch.optim.AdamW).

    First w decays by itself: w - learning_rate * weight_decay * w (the decay is not added to dw);
    then Adam's step on dw, exactly as adam() (same m, v, t, same bias correction).
    config: learning_rate (default 1e-3), beta1 (default 0.9), beta2 (default 0.999),
    epsilon (default 1e-8), weight_decay (default 1e-2); state: m, v, t as in adam().
    """
    raise NotImplementedError
