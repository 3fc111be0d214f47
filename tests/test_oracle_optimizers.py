"""The optimizers reference follows torch.optim (SGD, SGD with momentum, RMSprop, Adam, AdamW) step for
step: same start, same gradients, many steps, float64."""
import numpy as np
import pytest

from katatest import reference

torch = pytest.importorskip("torch")
ref = reference("optimizers")

STEPS = 100
RULES = {
    # rule: (our config, the torch.optim optimizer with the same meaning)
    "sgd": ({"learning_rate": 0.05}, lambda p: torch.optim.SGD([p], lr=0.05)),
    "sgd_momentum": ({"learning_rate": 0.05, "momentum": 0.8},
                     lambda p: torch.optim.SGD([p], lr=0.05, momentum=0.8)),
    # torch's alpha is our decay_rate (the weight of the OLD mean); eps after the sqrt in both.
    "rmsprop": ({"learning_rate": 0.01, "decay_rate": 0.95, "epsilon": 1e-6},
                lambda p: torch.optim.RMSprop([p], lr=0.01, alpha=0.95, eps=1e-6)),
    "adam": ({"learning_rate": 0.01, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6},
             lambda p: torch.optim.Adam([p], lr=0.01, betas=(0.8, 0.99), eps=1e-6)),
    # Decoupled weight decay: torch multiplies p by 1 - lr * weight_decay before its Adam step.
    "adamw": ({"learning_rate": 0.01, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6, "weight_decay": 0.3},
              lambda p: torch.optim.AdamW([p], lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.3)),
}
DEFAULTS = {  # the statement's defaults, against torch with the same values
    "sgd": lambda p: torch.optim.SGD([p], lr=1e-2),
    "sgd_momentum": lambda p: torch.optim.SGD([p], lr=1e-2, momentum=0.9),
    "rmsprop": lambda p: torch.optim.RMSprop([p], lr=1e-2, alpha=0.99, eps=1e-8),
    "adam": lambda p: torch.optim.Adam([p], lr=1e-3, betas=(0.9, 0.999), eps=1e-8),
    "adamw": lambda p: torch.optim.AdamW([p], lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2),
}


def trajectories(rule, config, make_torch, seed, scale=1.0, shape=(4, 5)):
    rng = np.random.default_rng(seed)
    w0 = rng.standard_normal(shape)
    grads = [rng.standard_normal(shape) * scale for _ in range(STEPS)]
    p = torch.tensor(w0, requires_grad=True)
    opt = make_torch(p)
    w = w0
    for k, g in enumerate(grads):
        w, config = getattr(ref, rule)(w, g, config)
        p.grad = torch.from_numpy(g.copy())
        opt.step()
        yield k, w, p.detach().numpy().copy(), config, opt.state[p]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("scale", [1.0, 1e-4, 1e3])
@pytest.mark.parametrize("rule", list(RULES))
def test_trajectory_matches_torch_optim(rule, scale, seed):
    config, make_torch = RULES[rule]
    for k, ours, theirs, _, _ in trajectories(rule, dict(config), make_torch, seed, scale):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12, err_msg=f"{rule} step {k + 1}")


@pytest.mark.parametrize("rule", list(RULES))
def test_defaults_match_torch_optim(rule):
    for k, ours, theirs, _, _ in trajectories(rule, None, DEFAULTS[rule], seed=7):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12, err_msg=f"{rule} step {k + 1}")


def test_state_matches_torch_state():
    """Our stored state is torch's, up to its conventions: velocity = -lr * momentum_buffer,
    cache = square_avg, m = exp_avg, v = exp_avg_sq, t = step."""
    for k, _, _, config, state in trajectories("sgd_momentum", {"learning_rate": 0.05, "momentum": 0.8},
                                               RULES["sgd_momentum"][1], seed=1):
        np.testing.assert_allclose(config["velocity"], -0.05 * state["momentum_buffer"].numpy(), rtol=1e-10, atol=1e-14)
    for k, _, _, config, state in trajectories("rmsprop", dict(RULES["rmsprop"][0]), RULES["rmsprop"][1], seed=1):
        np.testing.assert_allclose(config["cache"], state["square_avg"].numpy(), rtol=1e-12)
    for k, _, _, config, state in trajectories("adam", dict(RULES["adam"][0]), RULES["adam"][1], seed=1):
        np.testing.assert_allclose(config["m"], state["exp_avg"].numpy(), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(config["v"], state["exp_avg_sq"].numpy(), rtol=1e-12)
        assert config["t"] == int(state["step"]) == k + 1
    for k, _, _, config, state in trajectories("adamw", dict(RULES["adamw"][0]), RULES["adamw"][1], seed=1):
        np.testing.assert_allclose(config["m"], state["exp_avg"].numpy(), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(config["v"], state["exp_avg_sq"].numpy(), rtol=1e-12)
        assert config["t"] == int(state["step"]) == k + 1


@pytest.mark.parametrize("rule", list(RULES))
def test_float32_close_to_torch_float32(rule):
    config, make_torch = RULES[rule]
    rng = np.random.default_rng(3)
    w = rng.standard_normal((3, 4)).astype(np.float32)
    p = torch.tensor(w, requires_grad=True)
    opt = make_torch(p)
    config = dict(config)
    for _ in range(30):
        g = rng.standard_normal((3, 4)).astype(np.float32)
        w, config = getattr(ref, rule)(w, g, config)
        p.grad = torch.from_numpy(g)
        opt.step()
        assert w.dtype == np.float32
    np.testing.assert_allclose(w, p.detach().numpy(), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("rule", list(RULES))
def test_reference_leaves_inputs_alone(rule):
    rng = np.random.default_rng(0)
    w, dw = rng.standard_normal(5), rng.standard_normal(5)
    w0, dw0 = w.copy(), dw.copy()
    config = {}
    for _ in range(3):
        _, config = getattr(ref, rule)(w, dw, config)
    assert np.array_equal(w, w0) and np.array_equal(dw, dw0)


def test_adamw_defaults_are_torchs():
    """The statement's defaults are torch.optim.AdamW's own (weight_decay 1e-2)."""
    p = torch.zeros(3, requires_grad=True)
    defaults = torch.optim.AdamW([p]).defaults
    assert (defaults["lr"], defaults["betas"], defaults["eps"], defaults["weight_decay"]) == (1e-3, (0.9, 0.999), 1e-8, 1e-2)


def test_adamw_mistakes_are_what_they_say():
    """The planted mistakes (tests/planted/optimizers/_rules.py): L2 in the gradient is torch.optim.Adam with
    weight_decay, step for step; the right AdamW is torch.optim.AdamW; the decay after the step and the decay
    without the learning rate are neither."""
    from planted.optimizers import _rules
    config = dict(RULES["adamw"][0])
    l2 = lambda p: torch.optim.Adam([p], lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.3)  # noqa: E731
    for decay, make_torch, same in [("l2", l2, True), ("decoupled", RULES["adamw"][1], True),
                                    ("after", RULES["adamw"][1], False), ("no_lr", RULES["adamw"][1], False)]:
        rng = np.random.default_rng(5)
        w = rng.standard_normal(6)
        p = torch.tensor(w, requires_grad=True)
        opt, c = make_torch(p), dict(config)
        for _ in range(20):
            g = rng.standard_normal(6)
            w, c = _rules.adamw(w, g, c, decay=decay)
            p.grad = torch.from_numpy(g)
            opt.step()
        assert np.allclose(w, p.detach().numpy(), rtol=1e-10, atol=1e-12) == same, decay
