"""WRONG: AdamW decays the w it has just stepped, (w - step) * (1 - lr * weight_decay), instead of the w it
was given (torch.optim.AdamW multiplies p by 1 - lr * weight_decay BEFORE the Adam step)."""
from functools import partial

from planted.optimizers import _rules
from planted.optimizers._rules import adam, rmsprop, sgd, sgd_momentum  # noqa: F401

EXPECT = "decay applied AFTER the Adam step"
adamw = partial(_rules.adamw, decay="after")
