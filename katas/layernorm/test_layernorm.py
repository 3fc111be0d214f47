"""Graded tests for the layernorm kata. Run: pytest katas/layernorm   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Case, Close, Ignore, Outputs, case, crash, generated, mistake
from sensei.data import a
from sensei.gradcheck import check_backward

LN_F, LN_B, RMS_F, RMS_B = "layernorm_forward", "layernorm_backward", "rmsnorm_forward", "rmsnorm_backward"

# -- hints: one idea each, naming the function ---------------------------------------------------
LN = ("layernorm_forward(): for each row (over the LAST axis), x_hat = (x - mean) / sqrt(var + eps) with the "
      "row's mean and BIASED variance, then out = gamma * x_hat + beta.")
LAST_AXIS = ("layernorm_forward(): the statistics are per row, over the LAST axis (axis=-1, keepdims=True), "
             "whatever the leading axes are: x [D], [N, D], [B, T, D]. axis=0 is batch norm's axis.")
BIASED = ("layernorm_forward(): use the BIASED variance: the mean of (x - mean)**2 over the row, dividing by D "
          "(np.var's default ddof=0), not by D - 1 (torch.var's and Tensor.std's default).")
EPS = ("layernorm_forward(): eps goes INSIDE the square root: (x - mean) / sqrt(var + eps). sqrt(var) + eps "
       "(std + eps) is a different number whenever the variance is small.")
EPS_ARG = "layernorm_forward(): use the eps argument (default 1e-5), not a constant of your own."
ANNOTATED = ("layernorm_forward(): the Annotated Transformer's LayerNorm divides by x.std(-1) + eps, with "
             "torch's UNBIASED std and eps outside the root: use the biased variance and sqrt(var + eps).")
KEEPDIMS = ("layernorm_forward(): the row statistics must keep their axis (keepdims=True: shape [..., 1]) to "
            "broadcast against x [..., D]; a mean of shape [N] subtracted from x [N, D] lines up with the "
            "columns, not the rows.")
STABLE = ("layernorm_forward(): the variance as mean(x**2) - mean(x)**2 cancels catastrophically when a row's "
          "mean is large against its spread. Subtract the mean first.")
AFFINE = ("layernorm_forward(): out = gamma * x_hat + beta: scale by gamma and shift by beta (one value per "
          "feature, [D]) after normalising.")
EMPTY = ("layernorm_forward(): a leading axis may have size 0 (no rows): out is then empty, of x's shape. "
         "Only D = 0 is invalid.")
D_ONE = ("layernorm_forward(): with D = 1 every row equals its mean, so x_hat = 0 and out = beta (the "
         "unbiased variance would divide by D - 1 = 0).")
LN_DTYPE = "layernorm_forward(): float32 in, float32 out (a float64 helper array or np.float64 constant upcasts)."
LN_INT = "layernorm_forward(): integer x gives float64 output: do not cast back to x's dtype."
NOT_0D = "{}(): a 0-d x has no feature axis: raise ValueError."
NO_FEATURES = ("{}(): D = 0 (x.shape[-1] == 0) leaves nothing to normalise (the mean of an empty row is NaN): "
               "raise ValueError.")
PARAM_SHAPE = ("{}(): gamma{} must have shape exactly [D] (x.shape[-1]); raise ValueError otherwise. A [1] "
               "gamma broadcasts silently and would hide a wrong parameter.")

LN_GRADS = ("layernorm_backward(): dbeta sums dout and dgamma sums dout * x_hat over every leading axis; dx "
            "goes through x_hat, the row mean and the row variance.")
LN_DX = ("layernorm_backward(): dx has three paths: straight through x_hat, through the row mean and through "
         "the row variance (every x of a row moves both); dout * gamma / std alone misses the last two.")
LN_DX_VAR = ("layernorm_backward(): dx also goes through the row VARIANCE: with g = dout * gamma, it adds a term "
             "-x_hat * mean(g * x_hat) over the row, besides the mean's -mean(g).")
LEAD_SUM = ("{}(): {} shape [D]: sum over EVERY axis but the last (axis=tuple(range(x.ndim - 1))); "
            "sum(axis=0) alone is right only for 2-D x.")
LN_LEAD, RMS_LEAD = LEAD_SUM.format(LN_B, "dgamma and dbeta have"), LEAD_SUM.format(RMS_B, "dgamma has")
DX_GAMMA = "{}(): the gradient reaching x_hat is dout * gamma: gamma scales every path into dx."
DGAMMA_XHAT = "{}(): dgamma sums dout times the NORMALISED x (x_hat), not dout * x."
LN_BACKWARD_DTYPE = "layernorm_backward(): the gradients keep the inputs' float dtype (float32 in, float32 out)."

RMS = ("rmsnorm_forward(): out = gamma * x / sqrt(mean(x**2) + eps), the mean of the squares over the LAST "
       "axis: no mean subtracted, no beta.")
RMS_LAST_AXIS = ("rmsnorm_forward(): the mean of x**2 is per row, over the LAST axis (axis=-1, keepdims=True), "
                 "whatever the leading axes are: x [D], [N, D], [B, T, D].")
RMS_CENTRED = ("rmsnorm_forward(): RMSNorm does NOT subtract the mean: divide x itself by the root mean square "
               "of its row (that is its point: cheaper than LayerNorm).")
GEMMA = ("rmsnorm_forward(): scale by gamma itself, not by (1 + gamma): that is Gemma's parametrisation (its "
         "gamma starts at 0).")
RMS_EPS = "rmsnorm_forward(): eps goes INSIDE the square root: x / sqrt(mean(x**2) + eps)."
RMS_MEAN = ("rmsnorm_forward(): the MEAN of x**2 over the row (divide by D), not the sum: x / ||x|| is sqrt(D) "
            "times too small.")
RMS_EPS_ARG = "rmsnorm_forward(): use the eps argument (default 1e-6), not a constant of your own."
RMS_DEFAULT = ("rmsnorm_forward(): the default eps is 1e-6 (LayerNorm's is 1e-5). torch's F.rms_norm with "
               "eps=None uses the dtype's machine epsilon instead: pass eps.")
RMS_ZERO = ("rmsnorm_forward(): an all-zero row gives 0, not NaN: the eps inside the root keeps 0 / sqrt(0 + eps) "
            "finite.")
RMS_EMPTY = ("rmsnorm_forward(): a leading axis may have size 0 (no rows): out is then empty, of x's shape. Only "
             "D = 0 is invalid.")
RMS_DTYPE = "rmsnorm_forward(): float32 in, float32 out (a float64 helper array or np.float64 constant upcasts)."
RMS_INT = "rmsnorm_forward(): integer x gives float64 output: do not cast back to x's dtype."

RMS_GRADS = ("rmsnorm_backward(): dgamma sums dout * x_hat over every leading axis; dx goes through x directly "
             "and through the row's 1/rms.")
RMS_DX = ("rmsnorm_backward(): 1/rms depends on every x of the row, so dx has a second path through it: "
          "dout * gamma / rms alone misses it.")
RMS_DX_SIGN = ("rmsnorm_backward(): d(1/rms)/dx = -x / (D rms**3): the path through 1/rms is SUBTRACTED from "
               "dout * gamma / rms.")
RMS_NO_MEAN_PATH = ("rmsnorm_backward(): RMSNorm has no mean path: LayerNorm's backward subtracts the row mean of "
                    "dout * gamma, RMSNorm's does not (its forward never subtracts a mean).")
RMS_BACKWARD_DTYPE = "rmsnorm_backward(): the gradients keep the inputs' float dtype (float32 in, float32 out)."


# -- inputs ----------------------------------------------------------------------------------
def leading_shape(rng, size):
    """0 to 3 leading axes (x [D], [N, D], [B, T, D], [B, H, T, D]), from the seed."""
    return tuple(int(k) for k in rng.integers(1, size + 1, size=int(rng.integers(0, 4))))


def random_ln(rng, size, dtype=np.float64):
    # D >= 3: with D = 2, x_hat is +-1 whatever x is and dx is nearly 0 (round-off only).
    d = int(rng.integers(3, size + 3))
    loc, scale = rng.normal(0, 3), rng.uniform(0.5, 4)
    return {"x": (loc + scale * rng.standard_normal((*leading_shape(rng, size), d))).astype(dtype),
            "gamma": rng.uniform(0.5, 2, size=d).astype(dtype), "beta": rng.normal(0, 1, size=d).astype(dtype)}


def random_rms(rng, size, dtype=np.float64):
    args = random_ln(rng, size, dtype)
    return {"x": args["x"], "gamma": args["gamma"]}


def square(d, seed=3):
    """An x [D, D] with rows of different means: a [D] statistic without keepdims broadcasts silently."""
    rng = np.random.default_rng(seed)
    return np.arange(d, dtype=np.float64)[:, None] * 2 + rng.standard_normal((d, d))


X = a([1.0, 3.0, -2.0, 0.5], [4.0, 4.5, 2.0, 6.0], [-1.0, 0.0, 1.0, 8.0])  # [3, 4]
G, B = a(1.5, 0.5, 2.0, -1.0), a(0.0, 1.0, -2.0, 0.5)
ONES, ZEROS = np.ones(4), np.zeros(4)
X3 = np.linspace(-3, 5, 24).reshape(2, 3, 4) ** 2 / 4  # [B, T, D]
X4 = np.cos(np.arange(48.0)).reshape(2, 2, 3, 4) * 3 + 1  # [B, H, T, D]
TINY = a([1.0, 1.001, 0.999, 1.0], [0.0, 0.003, -0.001, 0.002])  # variances near eps
LARGE = 1e6 + a([0.1, -0.2, 0.05, 0.3], [-0.3, 0.1, 0.2, -0.1])  # large mean, small spread

LN_CASES = [
    case("the worked example: x = [[1, 3], [2, 2]]", x=a([1.0, 3.0], [2.0, 2.0]), gamma=a(2.0, 1.0),
         beta=a(0.0, 1.0), hint=LN),
    case("gamma 1, beta 0: every row gets mean 0 and variance 1", x=X, gamma=ONES, beta=ZEROS, hint=LN),
    case("gamma scales and beta shifts each feature", x=X, gamma=G, beta=B, hint=AFFINE),
    case("rows of three features (D / (D - 1) = 1.5)", x=a([1.0, 2.0, 6.0], [0.0, -3.0, 3.0]),
         gamma=a(1.0, 2.0, 3.0), beta=a(0.0, 0.0, 1.0), hint=BIASED),
    case("eps from the argument: eps = 0.1", x=X, gamma=G, beta=B, eps=0.1, hint=EPS_ARG),
    case("x is one vector [D] (no leading axes)", x=a(2.0, -1.0, 4.0, 0.5, 3.0), gamma=a(1.0, 2.0, 0.5, 1.0, 3.0),
         beta=a(0.5, 0.0, 0.0, -1.0, 2.0), hint=LAST_AXIS),
    case("x is [B, T, D]: normalise each of the B * T rows", x=X3, gamma=G, beta=B, hint=LAST_AXIS),
    case("x is [B, H, T, D]", x=X4, gamma=G, beta=B, hint=LAST_AXIS),
    case("a square x [D, D]: the row statistics keep their axis", x=square(4), gamma=G, beta=B, hint=KEEPDIMS),
    *generated("random leading axes, size {size}", random_ln, sizes=[3, 6], seeds=range(4), hint=LN),
    # Edge cases: no rows, one feature, (nearly) constant rows, a large mean.
    case("a leading axis of size 0: empty out", x=np.zeros((0, 4)), gamma=G, beta=B, hint=EMPTY, layer="edge"),
    case("[B, T, D] with T = 0: empty out", x=np.zeros((2, 0, 3)), gamma=a(1.0, 2.0, 3.0), beta=a(0.0, 1.0, 2.0),
         hint=EMPTY, layer="edge"),
    case("D = 1: every row gives beta", x=a([3.0], [-2.0], [7.5]), gamma=a(2.0), beta=a(0.25), hint=D_ONE,
         layer="edge"),
    case("a constant row gives beta, not NaN", x=a([3.0, 3.0, 3.0, 3.0], [1.0, 2.0, 4.0, 0.0]), gamma=G, beta=B,
         hint=EPS, layer="edge"),
    case("rows with a tiny variance (eps matters)", x=TINY, gamma=ONES, beta=ZEROS, hint=EPS, layer="edge"),
    case("rows with a large mean and a small spread", x=LARGE, gamma=ONES, beta=ZEROS, hint=STABLE, layer="edge"),
    # Polish: dtypes, invalid input.
    case("float32 in, float32 out", x=X3.astype(np.float32), gamma=G.astype(np.float32),
         beta=B.astype(np.float32), hint=LN_DTYPE, layer="polish"),
    *generated("random float32, size {size}", lambda rng, n: random_ln(rng, n, np.float32), sizes=[5],
               seeds=range(2), hint=LN_DTYPE, layer="polish"),
    case("integer x gives float64", x=np.array([[1, 5, 2], [0, -3, 4]]), gamma=a(1.0, 2.0, 0.5),
         beta=a(0.0, 1.0, 0.0), hint=LN_INT, layer="polish"),
    case("a 0-d x is invalid", x=np.array(2.0), gamma=a(1.0), beta=a(0.0), raises=ValueError,
         hint=NOT_0D.format(LN_F)),
    case("D = 0 is invalid", x=np.zeros((3, 0)), gamma=np.zeros(0), beta=np.zeros(0), raises=ValueError,
         hint=NO_FEATURES.format(LN_F)),
    case("a gamma of shape [1] is invalid (it would broadcast)", x=X, gamma=a(2.0), beta=B, raises=ValueError,
         hint=PARAM_SHAPE.format(LN_F, " and beta")),
    case("a beta of shape [1] is invalid (it would broadcast)", x=X, gamma=G, beta=a(0.5), raises=ValueError,
         hint=PARAM_SHAPE.format(LN_F, " and beta")),
    case("a gamma of shape [D + 1] is invalid", x=X, gamma=np.ones(5), beta=B, raises=ValueError,
         hint=PARAM_SHAPE.format(LN_F, " and beta")),
    case("a gamma of shape [1, D] is invalid", x=X, gamma=G[None], beta=B, raises=ValueError,
         hint=PARAM_SHAPE.format(LN_F, " and beta")),
]

# Backward: D >= 3 (see random_ln); x, gamma, beta, dout share one float dtype.
LN_BACKWARD_CASES = [
    case("backward: x [N, D]", x=X, gamma=G, beta=B),
    case("backward: x [B, T, D]", x=X3, gamma=G, beta=B, hint=LN_LEAD),
    case("backward: x is one vector [D]", x=a(2.0, -1.0, 4.0, 0.5, 3.0), gamma=a(1.0, 2.0, 0.5, 1.0, 3.0),
         beta=a(0.5, 0.0, 0.0, -1.0, 2.0), hint=LN_LEAD),
    case("backward: x [B, H, T, D], eps = 0.1", x=X4, gamma=G, beta=B, eps=0.1),
    *generated("backward: random leading axes, size {size}", random_ln, sizes=[3, 6], seeds=range(3)),
    case("backward: a leading axis of size 0: zero dgamma and dbeta", x=np.zeros((2, 0, 4)), gamma=G, beta=B,
         hint="layernorm_backward(): with no rows, dx is empty (x's shape) and dgamma, dbeta are zeros [D].",
         layer="edge"),
    case("backward: D = 1: dx is 0", x=a([3.0], [-2.0], [7.5]), gamma=a(2.0), beta=a(0.25), layer="edge",
         hint="layernorm_backward(): with D = 1, out = beta whatever x is: dx and dgamma are 0, dbeta sums dout."),
    case("backward: a constant row and a row with a tiny variance", x=a([3.0, 3.0, 3.0, 3.0],
                                                                         [1.0, 1.001, 0.999, 1.0]),
         gamma=G, beta=B, layer="edge"),
    case("backward: float32", x=X3.astype(np.float32), gamma=G.astype(np.float32), beta=B.astype(np.float32),
         hint=LN_BACKWARD_DTYPE, layer="polish"),
]

RMS_CASES = [
    case("the worked example: x = [[2, -2, 2, -2]]", x=a([2.0, -2.0, 2.0, -2.0]), gamma=a(1.0, 2.0, 3.0, 4.0),
         hint=RMS),
    case("gamma 1: every row gets mean square 1", x=X, gamma=ONES, hint=RMS),
    case("rows with a nonzero mean are not centred", x=X + 2, gamma=G, hint=RMS_CENTRED),
    case("eps from the argument: eps = 0.5", x=X, gamma=G, eps=0.5, hint=RMS_EPS_ARG),
    case("x is one vector [D] (no leading axes)", x=a(2.0, -1.0, 4.0, 0.5, 3.0), gamma=a(1.0, 2.0, 0.5, 1.0, 3.0),
         hint=RMS_LAST_AXIS),
    case("x is [B, T, D]: normalise each of the B * T rows", x=X3, gamma=G, hint=RMS_LAST_AXIS),
    case("x is [B, H, T, D]", x=X4, gamma=G, hint=RMS_LAST_AXIS),
    case("a square x [D, D]: the row statistic keeps its axis", x=square(4), gamma=G,
         hint=KEEPDIMS.replace(LN_F, RMS_F)),
    *generated("random leading axes, size {size}", random_rms, sizes=[3, 6], seeds=range(4), hint=RMS),
    # Edge cases: zero rows, tiny rows with the default eps, no rows, one feature.
    case("an all-zero row gives 0, not NaN", x=a([0.0, 0.0, 0.0, 0.0], [1.0, -2.0, 0.5, 3.0]), gamma=G,
         hint=RMS_ZERO, layer="edge"),
    case("rows with a tiny mean square and the default eps (1e-6)", x=a([1e-3, -1e-3, 2e-3, 0.0],
                                                                         [5e-4, 5e-4, -5e-4, 1e-3]),
         gamma=ONES, hint=RMS_DEFAULT, layer="edge"),
    case("a leading axis of size 0: empty out", x=np.zeros((0, 4)), gamma=G, hint=RMS_EMPTY, layer="edge"),
    case("D = 1: out = gamma * x / sqrt(x**2 + eps)", x=a([3.0], [-0.5], [1e-4]), gamma=a(2.0), layer="edge",
         hint="rmsnorm_forward(): with D = 1 the mean square is x**2 itself: out is about gamma * sign(x), and "
              "smaller for |x| near sqrt(eps)."),
    # Polish: dtypes, invalid input.
    case("float32 in, float32 out", x=X3.astype(np.float32), gamma=G.astype(np.float32), hint=RMS_DTYPE,
         layer="polish"),
    *generated("random float32, size {size}", lambda rng, n: random_rms(rng, n, np.float32), sizes=[5],
               seeds=range(2), hint=RMS_DTYPE, layer="polish"),
    case("integer x gives float64", x=np.array([[1, 5, 2], [0, -3, 4]]), gamma=a(1.0, 2.0, 0.5), hint=RMS_INT,
         layer="polish"),
    case("a 0-d x is invalid", x=np.array(2.0), gamma=a(1.0), raises=ValueError, hint=NOT_0D.format(RMS_F)),
    case("D = 0 is invalid", x=np.zeros((3, 0)), gamma=np.zeros(0), raises=ValueError,
         hint=NO_FEATURES.format(RMS_F)),
    case("a gamma of shape [1] is invalid (it would broadcast)", x=X, gamma=a(2.0), raises=ValueError,
         hint=PARAM_SHAPE.format(RMS_F, "")),
    case("a gamma of shape [D + 1] is invalid", x=X, gamma=np.ones(5), raises=ValueError,
         hint=PARAM_SHAPE.format(RMS_F, "")),
]

RMS_BACKWARD_CASES = [
    case("backward: x [N, D]", x=X, gamma=G),
    case("backward: x [B, T, D]", x=X3, gamma=G, hint=RMS_LEAD),
    case("backward: x is one vector [D]", x=a(2.0, -1.0, 4.0, 0.5, 3.0), gamma=a(1.0, 2.0, 0.5, 1.0, 3.0),
         hint=RMS_LEAD),
    case("backward: x [B, H, T, D], eps = 0.5", x=X4, gamma=G, eps=0.5),
    *generated("backward: random leading axes, size {size}", random_rms, sizes=[3, 6], seeds=range(3)),
    case("backward: a leading axis of size 0: zero dgamma", x=np.zeros((0, 4)), gamma=G, layer="edge",
         hint="rmsnorm_backward(): with no rows, dx is empty (x's shape) and dgamma is zeros [D]."),
    case("backward: an all-zero row and a tiny row", x=a([0.0, 0.0, 0.0, 0.0], [1e-3, -1e-3, 2e-3, 0.0]),
         gamma=G, layer="edge"),
    case("backward: D = 1", x=a([3.0], [-0.5], [1e-3]), gamma=a(2.0), layer="edge"),
    case("backward: float32", x=X3.astype(np.float32), gamma=G.astype(np.float32), hint=RMS_BACKWARD_DTYPE,
         layer="polish"),
]


# -- known mistakes: what each gives on a case's arguments (to name it; never shown) -------------
def _dtype(x):
    return x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)


def _stats(x, axis=-1, keepdims=True):
    """mean and biased variance of float64 x over `axis` (None: the whole array)."""
    mu = x.mean(axis=axis, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=axis, keepdims=True)
    return (mu, var) if keepdims else (mu.squeeze(axis), var.squeeze(axis))


def _layernorm(x, gamma, beta, eps=1e-5, *, axis=-1, ddof=0, eps_outside=False, one_pass=False,
               keepdims=True, affine=True):
    """layernorm's out with one knob per classic mistake, in the reference's dtype."""
    dtype, x = _dtype(x), np.asarray(x, np.float64)
    if not keepdims and not (x.ndim == 2 and x.shape[0] == x.shape[1]):
        raise ValueError("does not apply: a [N] statistic does not broadcast against x [N, D], N != D")
    mu, var = _stats(x, axis, keepdims)
    if one_pass:
        var = (x ** 2).mean(axis=axis, keepdims=True) - mu ** 2
    if ddof:
        d = x.size if axis is None else x.shape[axis]
        var = var * d / (d - 1) if d > 1 else np.full_like(var, np.nan)
    std = np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps)
    out = (x - mu) / std
    out = gamma * out + beta if affine else out
    return out.astype(dtype), None


def _rmsnorm(x, gamma, eps=1e-6, *, axis=-1, centred=False, one_plus=False, eps_outside=False, keepdims=True,
             total=False):
    """rmsnorm's out with one knob per classic mistake, in the reference's dtype."""
    dtype, x = _dtype(x), np.asarray(x, np.float64)
    if not keepdims and not (x.ndim == 2 and x.shape[0] == x.shape[1]):
        raise ValueError("does not apply")
    if centred:
        x = x - x.mean(axis=axis, keepdims=True)
    ms = (x ** 2).sum(axis=axis, keepdims=keepdims) if total else (x ** 2).mean(axis=axis, keepdims=keepdims)
    with np.errstate(all="ignore"):
        out = x / (np.sqrt(ms) + eps if eps_outside else np.sqrt(ms + eps))
    return ((1 + gamma if one_plus else gamma) * out).astype(dtype), None


def _ln_mistake(name, fix, when=lambda eps: True, eps_of=None, **knobs):
    def gives(ref, x, gamma, beta, *eps):
        if not when(eps):
            raise ValueError("does not apply")
        return _layernorm(x, gamma, beta, *(eps_of(x) if eps_of else eps), **knobs)
    return mistake(LN_F, name, fix=fix, gives=gives)


def _rms_mistake(name, fix, when=lambda eps: True, eps_of=None, **knobs):
    def gives(ref, x, gamma, *eps):
        if not when(eps):
            raise ValueError("does not apply")
        return _rmsnorm(x, gamma, *(eps_of(x) if eps_of else eps), **knobs)
    return mistake(RMS_F, name, fix=fix, gives=gives)


def _lead(a):
    return tuple(range(a.ndim - 1))


def _ln_backward(ref, *args, dx=None, axis0=False, dgamma_of_x=False):
    """The reference's layernorm gradients with one of them as a classic mistake computes it."""
    *fwd, dout = args
    want = list(ref.layernorm_backward(dout, ref.layernorm_forward(*fwd)[1]))
    dtype = want[0].dtype
    x, gamma, beta, eps = (*(np.asarray(v, np.float64) for v in fwd[:3]), *fwd[3:], 1e-5)[:4]
    mu, var = _stats(x)
    x_hat, inv_std, g = (x - mu) / np.sqrt(var + eps), 1 / np.sqrt(var + eps), dout * gamma
    if dx == "direct":
        want[0] = g * inv_std
    elif dx == "mean only":
        want[0] = (g - g.mean(axis=-1, keepdims=True)) * inv_std
    elif dx == "no gamma":
        want[0] = ref.layernorm_backward(dout, ref.layernorm_forward(fwd[0], np.ones_like(fwd[1]), *fwd[2:])[1])[0]
    if axis0:
        want[1], want[2] = (dout * x_hat).sum(axis=0), dout.sum(axis=0)
    if dgamma_of_x:
        want[1] = (dout * x).sum(axis=_lead(x))
    return tuple(np.asarray(w).astype(dtype) for w in want)


def _rms_backward(ref, *args, dx=None, axis0=False, dgamma_of_x=False):
    """The reference's rmsnorm gradients with one of them as a classic mistake computes it."""
    *fwd, dout = args
    want = list(ref.rmsnorm_backward(dout, ref.rmsnorm_forward(*fwd)[1]))
    dtype = want[0].dtype
    x, gamma, eps = (*(np.asarray(v, np.float64) for v in fwd[:2]), *fwd[2:], 1e-6)[:3]
    inv_rms = 1 / np.sqrt((x ** 2).mean(axis=-1, keepdims=True) + eps)
    x_hat, g = x * inv_rms, dout * gamma
    if dx == "direct":
        want[0] = g * inv_rms
    elif dx == "plus":
        want[0] = inv_rms * (g + x_hat * (g * x_hat).mean(axis=-1, keepdims=True))
    elif dx == "layernorm's":
        want[0] = inv_rms * (g - g.mean(axis=-1, keepdims=True) - x_hat * (g * x_hat).mean(axis=-1, keepdims=True))
    elif dx == "no gamma":
        want[0] = ref.rmsnorm_backward(dout, ref.rmsnorm_forward(fwd[0], np.ones_like(fwd[1]), *fwd[2:])[1])[0]
    if axis0:
        want[1] = (dout * x_hat).sum(axis=0)
    if dgamma_of_x:
        want[1] = (dout * x).sum(axis=_lead(x))
    return tuple(np.asarray(w).astype(dtype) for w in want)


def _eps_given(eps):
    return bool(eps)


def _eps_default(eps):
    return not eps


NO_KEEPDIMS = "operands could not be broadcast together"
NOT_2D = "values to unpack"  # N, D = x.shape on a [D] or [B, T, D] x
ANY_AXES = ("{}(): x may have any number of leading axes ([D], [N, D], [B, T, D]): never unpack N, D = x.shape; "
            "reduce over axis=-1 (D = x.shape[-1]).")

MISTAKES = [
    _ln_mistake("the unbiased variance (ddof=1, torch.var's default)", BIASED, ddof=1),
    _ln_mistake("eps added outside the square root", EPS, eps_outside=True),
    _ln_mistake("the Annotated Transformer's LayerNorm: unbiased std, and eps outside the root", ANNOTATED,
                ddof=1, eps_outside=True),
    _ln_mistake("the statistics taken over axis 0 (batch norm's axis), not the last axis", LAST_AXIS, axis=0),
    _ln_mistake("the statistics taken over the whole array, not per row", LAST_AXIS, axis=None),
    _ln_mistake("row statistics of shape [N] without keepdims=True: they line up with the columns", KEEPDIMS,
                keepdims=False),
    _ln_mistake("the variance as mean(x**2) - mean(x)**2 (it cancels catastrophically)", STABLE, one_pass=True),
    _ln_mistake("the eps argument ignored (1e-5 used)", EPS_ARG, when=_eps_given, eps_of=lambda x: (1e-5,)),
    _ln_mistake("gamma and beta left out", AFFINE, affine=False),
    crash(LN_F, "row statistics without keepdims=True: [N] does not broadcast against x [N, D]", fix=KEEPDIMS,
          raised=NO_KEEPDIMS),
    crash(LN_F, "x taken as 2-D (N, D = x.shape): any leading axes are allowed", fix=ANY_AXES.format(LN_F),
          raised=NOT_2D),
    crash(LN_B, "x taken as 2-D (N, D = ...shape): any leading axes are allowed", fix=ANY_AXES.format(LN_B),
          raised=NOT_2D),
    mistake(LN_B, "dx = dout * gamma / std: the paths through the row mean and variance left out", fix=LN_DX,
            gives=lambda ref, *args: _ln_backward(ref, *args, dx="direct")),
    mistake(LN_B, "dx through x_hat and the row mean only: the path through the variance left out", fix=LN_DX_VAR,
            gives=lambda ref, *args: _ln_backward(ref, *args, dx="mean only")),
    mistake(LN_B, "dx without the factor gamma", fix=DX_GAMMA.format(LN_B),
            gives=lambda ref, *args: _ln_backward(ref, *args, dx="no gamma")),
    mistake(LN_B, "dgamma and dbeta summed over axis 0 only (right only for 2-D x)",
            fix=LN_LEAD, gives=lambda ref, *args: _ln_backward(ref, *args, axis0=True)),
    mistake(LN_B, "dgamma from dout * x instead of dout * x_hat", fix=DGAMMA_XHAT.format(LN_B),
            gives=lambda ref, *args: _ln_backward(ref, *args, dgamma_of_x=True)),
    crash(LN_B, "statistics without keepdims=True: [N] does not broadcast against [N, D]",
          fix=KEEPDIMS.replace(LN_F, LN_B), raised=NO_KEEPDIMS),

    _rms_mistake("the mean subtracted: that is LayerNorm, not RMSNorm", RMS_CENTRED, centred=True),
    _rms_mistake("Gemma's (1 + gamma) scale", GEMMA, one_plus=True),
    _rms_mistake("eps added outside the square root", RMS_EPS, eps_outside=True),
    _rms_mistake("the SUM of x**2 (x / ||x||), not the mean", RMS_MEAN, total=True),
    _rms_mistake("the mean square taken over axis 0, not the last axis", RMS_LAST_AXIS, axis=0),
    _rms_mistake("the mean square taken over the whole array, not per row", RMS_LAST_AXIS, axis=None),
    _rms_mistake("a row statistic of shape [N] without keepdims=True: it lines up with the columns",
                 KEEPDIMS.replace(LN_F, RMS_F), keepdims=False),
    _rms_mistake("the default eps 1e-5 (LayerNorm's) instead of 1e-6", RMS_DEFAULT, when=_eps_default,
                 eps_of=lambda x: (1e-5,)),
    _rms_mistake("machine epsilon as the default eps (torch's F.rms_norm with eps=None)", RMS_DEFAULT,
                 when=_eps_default, eps_of=lambda x: (float(np.finfo(_dtype(x)).eps),)),
    _rms_mistake("no eps: 0 / 0 on an all-zero row", RMS_ZERO, eps_of=lambda x: (0.0,)),
    _rms_mistake("the eps argument ignored (1e-6 used)", RMS_EPS_ARG, when=_eps_given, eps_of=lambda x: (1e-6,)),
    crash(RMS_F, "a row statistic without keepdims=True: [N] does not broadcast against x [N, D]",
          fix=KEEPDIMS.replace(LN_F, RMS_F), raised=NO_KEEPDIMS),
    crash(RMS_F, "x taken as 2-D (N, D = x.shape): any leading axes are allowed", fix=ANY_AXES.format(RMS_F),
          raised=NOT_2D),
    crash(RMS_B, "x taken as 2-D (N, D = ...shape): any leading axes are allowed", fix=ANY_AXES.format(RMS_B),
          raised=NOT_2D),
    mistake(RMS_B, "dx = dout * gamma / rms: the path through 1/rms left out", fix=RMS_DX,
            gives=lambda ref, *args: _rms_backward(ref, *args, dx="direct")),
    mistake(RMS_B, "the path through 1/rms added instead of subtracted", fix=RMS_DX_SIGN,
            gives=lambda ref, *args: _rms_backward(ref, *args, dx="plus")),
    mistake(RMS_B, "LayerNorm's backward: a mean path RMSNorm does not have", fix=RMS_NO_MEAN_PATH,
            gives=lambda ref, *args: _rms_backward(ref, *args, dx="layernorm's")),
    mistake(RMS_B, "dx without the factor gamma", fix=DX_GAMMA.format(RMS_B),
            gives=lambda ref, *args: _rms_backward(ref, *args, dx="no gamma")),
    mistake(RMS_B, "dgamma summed over axis 0 only (right only for 2-D x)", fix=RMS_LEAD,
            gives=lambda ref, *args: _rms_backward(ref, *args, axis0=True)),
    mistake(RMS_B, "dgamma from dout * x instead of dout * x_hat", fix=DGAMMA_XHAT.format(RMS_B),
            gives=lambda ref, *args: _rms_backward(ref, *args, dgamma_of_x=True)),
    crash(RMS_B, "a statistic without keepdims=True: [N] does not broadcast against [N, D]",
          fix=KEEPDIMS.replace(LN_F, RMS_B), raised=NO_KEEPDIMS),
]


# -- the tests ----------------------------------------------------------------------------------
FORWARD_SPEC = Outputs(out=Close(shape_hint="out has x's shape [..., D]."), cache=Ignore())


def grad_spec(*names):
    return Outputs(**{n: Close(rtol=1e-6, atol=1e-8, rtol32=1e-3, atol32=1e-4) for n in names})


@pytest.mark.parametrize("case", LN_CASES, ids=str)
def test_layernorm_forward(kata, case):
    kata.check(LN_F, case, FORWARD_SPEC, hint=LN)


@pytest.mark.parametrize("case", LN_BACKWARD_CASES, ids=str)
def test_layernorm_backward(kata, case):
    # Numerical gradients only in float64 (float32 round-off is far above the 1e-6 they need).
    check_backward(kata, LN_F, LN_B, case, wrt=("x", "gamma", "beta"), expect=grad_spec("dx", "dgamma", "dbeta"),
                   hint=LN_GRADS, forward_hint=LAST_AXIS, numeric=case.args["x"].dtype == np.float64,
                   grad_hints={"x": "layernorm_backward(): dx has x's shape.",
                               "gamma": LN_LEAD,
                               "beta": LN_LEAD})


@pytest.mark.parametrize("case", RMS_CASES, ids=str)
def test_rmsnorm_forward(kata, case):
    kata.check(RMS_F, case, FORWARD_SPEC, hint=RMS)


@pytest.mark.parametrize("case", RMS_BACKWARD_CASES, ids=str)
def test_rmsnorm_backward(kata, case):
    check_backward(kata, RMS_F, RMS_B, case, wrt=("x", "gamma"), expect=grad_spec("dx", "dgamma"),
                   hint=RMS_GRADS, forward_hint=RMS_LAST_AXIS, numeric=case.args["x"].dtype == np.float64,
                   grad_hints={"x": "rmsnorm_backward(): dx has x's shape.",
                               "gamma": RMS_LEAD})


# -- benchmarks: a forward then its backward, [B, T, D] activations of a small transformer --------
BENCH = {"B=8 T=128 D=512": (8, 128, 512), "B=8 T=256 D=1024": (8, 256, 1024)}


def bench_case(shape, rms=False):
    rng = np.random.default_rng(0)
    d = shape[-1]
    args = {"x": rng.standard_normal(shape) * 2 + 1, "gamma": rng.uniform(0.5, 2, d)}
    return Case("", args if rms else {**args, "beta": rng.normal(0, 1, d)})


def layernorm_pair(module):
    """layernorm_forward then layernorm_backward of one module, timed as one call."""
    def run(x, gamma, beta, dout):
        return module.layernorm_backward(dout, module.layernorm_forward(x, gamma, beta)[1])
    return run


def rmsnorm_pair(module):
    """rmsnorm_forward then rmsnorm_backward of one module, timed as one call."""
    def run(x, gamma, dout):
        return module.rmsnorm_backward(dout, module.rmsnorm_forward(x, gamma)[1])
    return run


@pytest.mark.parametrize("label", list(BENCH))
@pytest.mark.parametrize("rms", [False, True], ids=["layernorm", "rmsnorm"])
def test_benchmark_forward_backward(kata, kata_bench, label, rms):
    forward, backward, pair = (RMS_F, RMS_B, rmsnorm_pair) if rms else (LN_F, LN_B, layernorm_pair)
    case_ = bench_case(BENCH[label], rms)
    out, cache = kata.call(forward, case_)  # not started or failing: reported as usual
    dout = np.random.default_rng(1).standard_normal(np.shape(out))
    kata.call(backward, Case("", {"dout": dout, "cache": cache}))
    kata_bench((f"{forward} + {backward}", pair), Case("", {**case_.args, "dout": dout}), label=label)
