"""Kata: an LSTM step, forward and backward, and the forward over a sequence. Read katas/lstm/README.md,
then fill in the functions.

Grade yourself with:  pytest katas/lstm
"""
import numpy as np


def lstm_step_forward(x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                      b: np.ndarray) -> tuple[np.ndarray, np.ndarray, object]:
    """One LSTM step for a batch: x [N, D], prev_h [N, H], prev_c [N, H], Wx [D, 4H], Wh [H, 4H], b [4H].

        a = x Wx + prev_h Wh + b                                   # [N, 4H]
        i = sigmoid(a[:, :H])     f = sigmoid(a[:, H:2H])          # gates in the order i, f, o, g
        o = sigmoid(a[:, 2H:3H])  g = tanh(a[:, 3H:])              # (NOT PyTorch's i, f, g, o)
        next_c = f * prev_c + i * g
        next_h = o * tanh(next_c)
    Returns (next_h [N, H], next_c [N, H], cache for lstm_step_backward), in the inputs' float dtype
    (integer inputs give float64). Saturated gates (|a| up to 1e3) give finite values.
    Raises ValueError when x is not 2-D, Wx is not [D, 4H] (4H a multiple of 4), Wh not [H, 4H], b not [4H],
    or prev_h, prev_c not [N, H].
    """
    raise NotImplementedError


def lstm_step_backward(dnext_h: np.ndarray, dnext_c: np.ndarray,
                       cache: object) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of one step given dL/dnext_h [N, H] and dL/dnext_c [N, H] (next_c also feeds the next step).

    Returns (dx [N, D], dprev_h [N, H], dprev_c [N, H], dWx [D, 4H], dWh [H, 4H], db [4H]), each shaped
    like its input and in the inputs' float dtype.
    """
    raise NotImplementedError


def lstm_forward(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The LSTM over a batch-first sequence x [N, T, D] from h0 [N, H] and c0 = zeros [N, H].

    Applies the step for t = 0..T-1 to x[:, t], carrying h and c; returns every hidden state h [N, T, H]
    in the inputs' float dtype. Raises ValueError when x is not 3-D, h0 is not [N, H], or the parameters'
    shapes are wrong (as lstm_step_forward).
    """
    raise NotImplementedError
