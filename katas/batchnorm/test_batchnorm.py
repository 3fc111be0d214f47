"""Graded tests for the batchnorm kata. Run: pytest katas/batchnorm   (-x stops at the first failure)."""
import copy

import numpy as np
import pytest

from sensei import Case, Close, Ignore, Outputs, Spec, case, generated, mistake
from sensei.data import a
from sensei.gradcheck import check_backward
from sensei.show import describe

FORWARD, BACKWARD = "batchnorm_forward", "batchnorm_backward"

NORMALISE = ("batchnorm_forward(): per feature (axis 0), x_hat = (x - mean) / sqrt(var + eps) with the batch "
             "mean and the BIASED batch variance, then out = gamma * x_hat + beta.")
BIASED = ("batchnorm_forward(): normalise with the BIASED batch variance: the mean of (x - mean)**2 over the "
          "batch, dividing by N (np.var's default ddof=0), not by N - 1 (ddof=1, torch.var's default).")
EPS = ("batchnorm_forward(): eps goes INSIDE the square root: (x - mean) / sqrt(var + eps). sqrt(var) + eps is "
       "a different number whenever the variance is small.")
EPS_PARAM = "batchnorm_forward(): use bn_param's eps when it is given (default 1e-5)."
AXIS = ("batchnorm_forward(): the statistics are per feature, over the batch axis 0 (axis=0), not over each "
        "example's features.")
AFFINE = "batchnorm_forward(): out = gamma * x_hat + beta: scale by gamma and shift by beta after normalising."
TEST_MODE = ("batchnorm_forward(): test mode normalises with bn_param's running_mean and running_var, not with "
             "this batch's statistics (a test batch may hold one example).")
STABLE = ("batchnorm_forward(): the variance as mean(x**2) - mean(x)**2 cancels catastrophically when the mean "
          "is large against the spread. Subtract the mean first.")
RUNNING = ("batchnorm_forward(): after each train step, running = momentum * running + (1 - momentum) * batch "
           "statistic, with bn_param's momentum (default 0.9: the OLD value keeps 90%).")
TORCH_MOMENTUM = ("batchnorm_forward(): here momentum weighs the OLD value (0.9: the OLD value keeps 90%); "
                  "torch's momentum=0.1 is the same rule the other way round.")
STORE = ("batchnorm_forward(): store the running statistics in bn_param: update its arrays in place, or put "
         "new arrays in the dict.")
RUNNING_VAR = ("batchnorm_forward(): the running variance averages the BIASED batch variance (divide by N), "
               "not torch's unbiased one (N - 1).")
READ_ONLY = "batchnorm_forward(): test mode only reads the running statistics; it never updates them."
DX_PATHS = ("batchnorm_backward(): dx has three paths: straight through x_hat, through the batch mean and "
            "through the batch variance (dout * gamma / std alone misses the last two).")
DGAMMA_AXIS = "batchnorm_backward(): dgamma and dbeta sum over the batch axis 0: shape [D]."
GRADS = ("batchnorm_backward(): dgamma sums dout * x_hat and dbeta sums dout over the batch; dx goes through "
         "x_hat, the batch mean and the batch variance.")
BACKWARD_DTYPE = "batchnorm_backward(): the gradients keep the inputs' float dtype (float32 in, float32 out)."



def train(**extra):
    return {"mode": "train", **extra}


def random_bn(rng, size, dtype=np.float64, mode="train"):
    n, d = int(rng.integers(2, size + 2)), int(rng.integers(1, size + 1))
    loc, scale = rng.normal(0, 3, size=d), rng.uniform(0.5, 4, size=d)
    bn_param = {"mode": mode}
    if mode == "test" or rng.random() < 0.5:
        bn_param.update(running_mean=rng.normal(0, 2, size=d).astype(dtype),
                        running_var=rng.uniform(0.1, 5, size=d).astype(dtype))
    if rng.random() < 0.5:
        bn_param["momentum"] = float(rng.choice([0.5, 0.99]))
    return {"x": (loc + scale * rng.standard_normal((n, d))).astype(dtype),
            "gamma": rng.uniform(0.5, 2, size=d).astype(dtype), "beta": rng.normal(0, 1, size=d).astype(dtype),
            "bn_param": bn_param}


X = a([1.0, 2.0], [3.0, 6.0], [5.0, 4.0], [-1.0, 0.0])
G, B = a(1.0, 1.0), a(0.0, 0.0)
STATS = {"running_mean": a(1.0, -2.0), "running_var": a(4.0, 0.25)}

FORWARD_CASES = [
    case("train: gamma 1 and beta 0 give zero-mean unit-variance columns", x=X, gamma=G, beta=B,
         bn_param=train(), hint=NORMALISE),
    case("train: gamma scales and beta shifts each feature", x=X, gamma=a(2.0, 0.5), beta=a(1.0, -3.0),
         bn_param=train(), hint=AFFINE),
    case("train: a batch of two (N / (N - 1) = 2)", x=a([1.0, 10.0, -3.0], [3.0, 0.0, 5.0]),
         gamma=a(1.0, 2.0, 3.0), beta=a(0.0, 0.0, 1.0), bn_param=train(), hint=BIASED),
    case("train: eps from bn_param", x=X, gamma=G, beta=B, bn_param=train(eps=0.5), hint=EPS_PARAM),
    case("test: normalise with the running statistics", x=X, gamma=a(2.0, 0.5), beta=a(1.0, -3.0),
         bn_param={"mode": "test", **STATS}, hint=TEST_MODE),
    case("test: a single example", x=a([2.0, -1.0]), gamma=a(1.0, 3.0), beta=a(0.0, 1.0),
         bn_param={"mode": "test", **STATS}, hint=TEST_MODE),
    case("test: running statistics default to zeros", x=X, gamma=G, beta=B, bn_param={"mode": "test"},
         hint="batchnorm_forward(): running_mean and running_var default to zeros when bn_param lacks them "
              "(use .get)."),
    *generated("random train, size {size}", random_bn, sizes=[3, 8], seeds=range(4), hint=NORMALISE),
    *generated("random test, size {size}", lambda rng, n: random_bn(rng, n, mode="test"), sizes=[5],
               seeds=range(3), hint=TEST_MODE),
    # Edge cases: a batch of one, (nearly) constant features, a large mean.
    case("train: a batch of one gives beta", x=a([4.0, -2.0, 7.0]), gamma=a(1.0, 2.0, 3.0),
         beta=a(0.5, 0.0, -1.0), bn_param=train(), layer="edge",
         hint="batchnorm_forward(): with N = 1 the BIASED variance is 0 (the unbiased one divides by 0), so "
              "x_hat = 0 and out = beta."),
    case("train: a feature with a tiny variance (eps matters)", x=a([1.0, 0.0], [1.001, 1.0], [0.999, 2.0]),
         gamma=G, beta=B, bn_param=train(), hint=EPS, layer="edge"),
    case("train: a constant feature gives beta, not NaN", x=a([3.0, 1.0], [3.0, 2.0], [3.0, 4.0]),
         gamma=a(2.0, 1.0), beta=a(0.5, 0.0), bn_param=train(), hint=EPS, layer="edge"),
    case("train: features with a large mean and a small spread", x=1e5 + a([0.1, -0.2], [-0.3, 0.1],
                                                                            [0.05, 0.3], [0.2, -0.1]),
         gamma=G, beta=B, bn_param=train(), hint=STABLE, layer="edge"),
    case("test: eps inside the square root", x=X, gamma=G, beta=B,
         bn_param={"mode": "test", "eps": 0.01, "running_mean": a(0.0, 1.0), "running_var": a(1e-4, 0.0)},
         hint=EPS, layer="edge"),
    # Polish: dtypes, invalid modes.
    case("train: float32 in, float32 out", x=X.astype(np.float32), gamma=a(2.0, 0.5, dtype=np.float32),
         beta=a(1.0, -3.0, dtype=np.float32), bn_param=train(), layer="polish",
         hint="batchnorm_forward(): float32 in, float32 out."),
    case("train: integer x gives float64", x=np.array([[1, 2], [3, 6], [5, 4]]), gamma=G, beta=B,
         bn_param=train(), layer="polish",
         hint="batchnorm_forward(): integer input gives float64 output: do not cast back to x's dtype."),
    case("test: float32 with default running statistics stays float32", x=X.astype(np.float32),
         gamma=G.astype(np.float32), beta=B.astype(np.float32), bn_param={"mode": "test"}, layer="polish",
         hint="batchnorm_forward(): default running statistics made with np.zeros(D) are float64 and upcast "
              "the output: make them in x's dtype."),
    *generated("random train float32, size {size}", lambda rng, n: random_bn(rng, n, np.float32), sizes=[6],
               seeds=range(2), hint="batchnorm_forward(): float32 in, float32 out.", layer="polish"),
    case("mode 'eval' is invalid", x=X, gamma=G, beta=B, bn_param={"mode": "eval"}, raises=ValueError,
         hint="batchnorm_forward(): mode is 'train' or 'test'; anything else (torch's 'eval' too) raises "
              "ValueError."),
    case("a missing mode is invalid", x=X, gamma=G, beta=B, bn_param={}, raises=(KeyError, ValueError),
         hint="batchnorm_forward(): bn_param['mode'] is required: without it, raise KeyError or ValueError "
              "(do not pick a mode)."),
]




# -- known mistakes: what each gives on a case's arguments (to name it; never shown) -------------
def _normalised(x, gamma, beta, bn_param, *, ddof=0, eps_outside=False, eps=None, batch_in_test=False,
                affine=True, one_pass=False, axis=0):
    """batch norm's out with one knob per classic mistake, in the reference's dtype."""
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    x64 = np.asarray(x, np.float64)
    eps = bn_param.get("eps", 1e-5) if eps is None else eps
    if bn_param["mode"] == "train" or batch_in_test:
        mu = x64.mean(axis=axis, keepdims=True)
        if one_pass:
            var = (x64 ** 2).mean(axis=axis, keepdims=True) - mu ** 2
        elif ddof and len(x64) < 2:
            var = np.full_like(mu, np.nan)
        else:
            var = x64.var(axis=axis, ddof=ddof, keepdims=True)
    elif bn_param["mode"] == "test":
        d = x64.shape[1]
        mu, var = bn_param.get("running_mean", np.zeros(d)), bn_param.get("running_var", np.zeros(d))
    else:
        raise ValueError("not a mode")
    x_hat = (x64 - mu) / (np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps))
    out = gamma * x_hat + beta if affine else x_hat
    return out.astype(dtype), None


def _forward_mistake(name, fix, when=lambda bn_param: True, **knobs):
    def gives(ref, x, gamma, beta, bn_param):
        if not when(bn_param):
            raise ValueError("does not apply")
        return _normalised(x, gamma, beta, bn_param, **knobs)
    return mistake(FORWARD, name, fix=fix, gives=gives)


def _train(bn_param):
    return bn_param.get("mode") == "train"


def _backward(ref, x, gamma, beta, bn_param, dout, *, paths=True, axis=0):
    """The reference's gradients, or those of a classic mistake."""
    dx, dgamma, dbeta = ref.batchnorm_backward(dout, ref.batchnorm_forward(x, gamma, beta, copy.deepcopy(bn_param))[1])
    x64 = np.asarray(x, np.float64)
    x_hat = (x64 - x64.mean(axis=0)) / np.sqrt(x64.var(axis=0) + bn_param.get("eps", 1e-5))
    if not paths:
        dx = (dout * gamma / np.sqrt(x64.var(axis=0) + bn_param.get("eps", 1e-5))).astype(dx.dtype)
    if axis != 0:
        dgamma, dbeta = (dout * x_hat).sum(axis=axis).astype(dx.dtype), dout.sum(axis=axis)
    return dx, dgamma, dbeta


MISTAKES = [
    _forward_mistake("the unbiased variance (ddof=1)", BIASED, when=_train, ddof=1),
    _forward_mistake("eps added outside the square root", EPS, eps_outside=True),
    _forward_mistake("the default eps 1e-5 instead of bn_param's eps", EPS_PARAM,
                     when=lambda bn_param: bn_param.get("eps", 1e-5) != 1e-5, eps=1e-5),
    _forward_mistake("normalising with the batch's own statistics in test mode", TEST_MODE,
                     when=lambda bn_param: bn_param.get("mode") == "test", batch_in_test=True),
    _forward_mistake("the statistics taken over each example's features (axis 1)", AXIS, when=_train, axis=1),
    _forward_mistake("the variance as mean(x**2) - mean(x)**2 (it cancels catastrophically)", STABLE,
                     when=_train, one_pass=True),
    _forward_mistake("leaving out gamma and beta", AFFINE, affine=False),
    mistake(BACKWARD, "dx = dout * gamma / std: the paths through the batch mean and variance left out",
            fix=DX_PATHS, gives=lambda ref, *args: _backward(ref, *args, paths=False)),
    mistake(BACKWARD, "dgamma and dbeta summed over axis 1 (the features) instead of the batch", fix=DGAMMA_AXIS,
            gives=lambda ref, *args: _backward(ref, *args, axis=1)),
]




class WithVariants(Spec):
    """`spec`; when the values differ and match what a classic mistake gives, the failure leads with
    that mistake and its fix is the hint (else `hint`). `variants()` yields (mistake, fix, the value it
    gives): computed in the test, never shown as code. For the running statistics, which are state
    left in bn_param rather than the function's output (so not for MISTAKES)."""

    def __init__(self, spec, variants, hint=""):
        self.spec, self.variants, self.hint = spec, variants, hint

    def problem(self, got, expected):
        problem = self.spec.problem(got, expected)
        if problem is not None and problem.summary == "wrong values":
            problem.hint = problem.hint or self.hint
            near = Close(rtol=1e-6, atol=1e-8, dtype=False)
            for name, fix, variant in self.variants():
                # Name a mistake only when it is told apart from the right answer.
                if near.problem(got, variant) is None and near.problem(variant, expected) is not None:
                    problem.summary = f"looks like: {name}"
                    problem.details.insert(0, "(wrong values)")
                    problem.hint = fix
                    break
        return problem


@pytest.mark.parametrize("case", FORWARD_CASES, ids=str)
def test_batchnorm_forward(kata, case):
    kata.check(FORWARD, case, Outputs(out=Close(rtol=1e-7, atol=1e-9), cache=Ignore()), mutable=("bn_param",),
               hint=NORMALISE)


# -- the running statistics: bn_param is state ----------------------------------------------------
def scenario(name, batches, gamma, beta, bn_param, x_test, hint=""):
    return case(name, batches=batches, gamma=gamma, beta=beta, bn_param=bn_param, x_test=x_test, hint=hint)


def random_scenario(seed, n, d, steps=4, dtype=np.float64, **bn_param):
    rng = np.random.default_rng(seed)
    loc, scale = rng.normal(0, 3, size=d), rng.uniform(0.5, 3, size=d)
    batches = [(loc + scale * rng.standard_normal((n, d))).astype(dtype) for _ in range(steps)]
    return dict(batches=batches, gamma=rng.uniform(0.5, 2, d).astype(dtype),
                beta=rng.normal(0, 1, d).astype(dtype), bn_param={"mode": "train", **bn_param},
                x_test=(loc + scale * rng.standard_normal((3, d))).astype(dtype))


STATE_CASES = [
    scenario("two train steps from the default zeros, then test", [X, X[::-1] * 2 + 1], G, B,
             {"mode": "train"}, a([0.0, 1.0], [2.0, 3.0])),
    scenario("a batch of two: the biased variance in the running average",
             [a([1.0, 4.0], [3.0, 0.0]), a([0.0, 2.0], [4.0, 2.5])], a(1.0, 2.0), a(0.0, 1.0),
             {"mode": "train", "running_mean": a(0.5, 0.5), "running_var": a(1.0, 2.0)}, a([1.0, 1.0])),
    scenario("momentum 0.5 from bn_param", [X, X + 3], G, B, {"mode": "train", "momentum": 0.5},
             a([1.0, 1.0], [0.0, 2.0])),
    case("four steps, N=8 D=3", **random_scenario(0, 8, 3)),
    case("five steps with given statistics and momentum 0.99", **random_scenario(
        1, 5, 4, steps=5, momentum=0.99, running_mean=np.ones(4), running_var=np.full(4, 2.0))),
    case("float32, three steps", **random_scenario(2, 6, 3, steps=3, dtype=np.float32), layer="polish"),
]


@pytest.mark.parametrize("case", STATE_CASES, ids=str)
def test_batchnorm_running_statistics(kata, case):
    """A little training loop: train steps on one bn_param dict, then test mode with what it holds."""
    ref = getattr(kata.reference, FORWARD)
    g, b, ours = case.args["gamma"], case.args["beta"], copy.deepcopy(case.args["bn_param"])
    theirs = copy.deepcopy(ours)
    stats_spec = Close(rtol=1e-7, atol=1e-9, dtype=False)
    for k, x in enumerate(case.args["batches"], 1):
        step = Case(f"{case.name}, train step {k}", {"x": x, "gamma": g, "beta": b,
                                                      "bn_param": {**theirs, "mode": "train"}})
        result, inputs = kata.call(FORWARD, step, mutable=("bn_param",), return_inputs=True)
        (out, _), theirs = _out_and_cache(kata, step, result), inputs["bn_param"]
        old = {key: np.array(ours.get(key, np.zeros(x.shape[1]))) for key in ("running_mean", "running_var")}
        want, _ = ref(x, g, b, ours)
        kata.compare(FORWARD, step, out, want, Close(), what="out", hint=NORMALISE)
        for key, hint in (("running_mean", RUNNING), ("running_var", RUNNING_VAR)):
            if key not in theirs:
                kata.fail(FORWARD, step, f"after train step {k}, bn_param has no {key!r}", hint=STORE)
            spec = WithVariants(stats_spec, lambda key=key: running_variants(key, x, old[key],
                                                                              ours.get("momentum", 0.9)), hint)
            kata.compare(FORWARD, step, np.asarray(theirs[key]), ours[key], spec,
                         what=f"bn_param[{key!r}] after train step {k}")
    step = Case(f"{case.name}, then test mode", {"x": case.args["x_test"], "gamma": g, "beta": b,
                                                  "bn_param": {**theirs, "mode": "test"}})
    result, inputs = kata.call(FORWARD, step, mutable=("bn_param",), return_inputs=True)
    (out, _), after = _out_and_cache(kata, step, result), inputs["bn_param"]
    want, _ = ref(case.args["x_test"], g, b, {**ours, "mode": "test"})
    kata.compare(FORWARD, step, out, want, Close(), what="test-mode out", hint=TEST_MODE)
    for key in ("running_mean", "running_var"):
        kata.compare(FORWARD, step, np.asarray(after.get(key)), ours[key], stats_spec,
                     what=f"bn_param[{key!r}] after a test-mode call", hint=READ_ONLY)


def running_variants(key, x, old, momentum):
    """The running statistic after one step, as the usual mistakes compute it: (name, fix, value)."""
    x = np.asarray(x, np.float64)
    with np.errstate(all="ignore"):
        batch = x.mean(axis=0) if key == "running_mean" else x.var(axis=0)
        unbiased = x.var(axis=0, ddof=1) if len(x) > 1 else np.full(x.shape[1], np.nan)
        yield ("torch's momentum convention (momentum weighing the NEW value)", TORCH_MOMENTUM,
               (1 - momentum) * old + momentum * batch)
        if key == "running_var":
            yield "the unbiased batch variance (ddof=1)", RUNNING_VAR, momentum * old + (1 - momentum) * unbiased
            yield ("torch's momentum convention with the unbiased variance", TORCH_MOMENTUM,
                   (1 - momentum) * old + momentum * unbiased)
        yield "the batch statistic alone (no running average)", RUNNING, batch
        yield "no update", STORE, old


def _out_and_cache(kata, case, result):
    if not (isinstance(result, (tuple, list)) and len(result) == 2):
        kata.fail(FORWARD, case, f"expected a tuple (out, cache), got {describe(result)}",
                  hint="The forward returns two things: the output and the cache its backward needs.")
    return result


# -- the backward ------------------------------------------------------------------------------
def random_backward(rng, size, dtype=np.float64):
    # N >= 3: with N = 2, x_hat is +-1 whatever x is, and dx is nearly 0 (numerical noise).
    args = random_bn(rng, max(size, 3), dtype)
    args["x"] = np.concatenate([args["x"], args["x"][:1] + rng.standard_normal((1, args["x"].shape[1]))])
    args["bn_param"] = {"mode": "train"}
    return args


BACKWARD_CASES = [
    case("backward: a 4x2 batch", x=X, gamma=a(2.0, 0.5), beta=a(1.0, -3.0), bn_param=train()),
    case("backward: N = D (a wrong axis keeps the shapes)", x=a([1.0, 2.0, 0.0], [3.0, -1.0, 2.0],
                                                                  [0.5, 4.0, 1.0]),
         gamma=a(1.0, 2.0, 0.5), beta=a(0.0, 1.0, 2.0), bn_param=train()),
    *generated("backward: random, size {size}", random_backward, sizes=[3, 7], seeds=range(3)),
    case("backward: a feature with a tiny variance", x=a([1.0, 0.0], [1.001, 1.0], [0.999, 2.0]),
         gamma=a(1.0, 2.0), beta=a(0.0, 0.0), bn_param=train(), layer="edge"),
    case("backward: float32", x=X.astype(np.float32), gamma=a(2.0, 0.5, dtype=np.float32),
         beta=a(1.0, -3.0, dtype=np.float32), bn_param=train(), hint=BACKWARD_DTYPE, layer="polish"),
]
GRAD_SPEC = Outputs(**{name: Close(rtol=1e-6, atol=1e-8, rtol32=1e-3, atol32=1e-4)
                     for name in ("dx", "dgamma", "dbeta")})


@pytest.mark.parametrize("case", BACKWARD_CASES, ids=str)
def test_batchnorm_backward(kata, case):
    # Updating the running statistics in bn_param is the forward's documented job, not a mutation
    # (and the numerical gradient gives every forward call a fresh copy of the arguments).
    # Numerical gradients only in float64 (float32 round-off is far above the 1e-6 they need).
    check_backward(kata, FORWARD, BACKWARD, case, wrt=("x", "gamma", "beta"), expect=GRAD_SPEC, hint=GRADS,
                   grad_hints={"x": DX_PATHS, "gamma": DGAMMA_AXIS, "beta": DGAMMA_AXIS},
                   mutable=("bn_param",), numeric=case.args["x"].dtype == np.float64)


# -- benchmarks ----------------------------------------------------------------------------------
def bench_case(n, d, mode):
    rng = np.random.default_rng(0)
    # momentum 1.0 leaves the running statistics as they are: the benchmark's call on the same dict
    # stays free of "modified its input" whether they are updated in place or replaced.
    bn_param = {"mode": mode, "momentum": 1.0, "running_mean": np.zeros(d), "running_var": np.ones(d)}
    return case("", x=rng.standard_normal((n, d)) * 2 + 1, gamma=np.ones(d), beta=np.zeros(d), bn_param=bn_param)


@pytest.mark.parametrize("mode", ["train", "test"])
def test_benchmark_batchnorm_forward(kata_bench, mode):
    kata_bench(FORWARD, bench_case(256, 1024, mode), label=f"{mode} N=256 D=1024")
