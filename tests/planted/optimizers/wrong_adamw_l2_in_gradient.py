"""WRONG: AdamW as Adam with L2: weight_decay * w added to the gradient (torch.optim.Adam(weight_decay=...)),
not decoupled: the decay then goes through m and v and is divided by sqrt(v_hat)."""
from functools import partial

from planted.optimizers import _rules
from planted.optimizers._rules import adam, rmsprop, sgd, sgd_momentum  # noqa: F401

EXPECT = "L2 added to the gradient"
adamw = partial(_rules.adamw, decay="l2")
