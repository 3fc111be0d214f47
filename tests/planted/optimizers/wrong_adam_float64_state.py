"""WRONG: Adam makes its moments with np.zeros(w.shape), float64, so a float32 w gives a float64 next_w."""
from functools import partial

import numpy as np

from planted.optimizers import _rules
from planted.optimizers._rules import adamw, rmsprop, sgd, sgd_momentum  # noqa: F401

EXPECT = "your state is float64"
adam = partial(_rules.adam, zeros=lambda w: np.zeros(w.shape))
