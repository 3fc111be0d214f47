"""Graded tests for the lstm kata. Run: pytest katas/lstm   (-x stops at the first failure)."""
import copy
import dataclasses

import numpy as np
import pytest

from sensei import Case, Close, Ignore, Outputs, case, crash, generated, mistake
from sensei.compare import computed_from
from sensei.data import a
from sensei.gradcheck import SELF_CONSISTENCY_TOL, numerical_gradient, rel_error
from sensei.mistakes import matching

F, B, SEQ = "lstm_step_forward", "lstm_step_backward", "lstm_forward"
STEP_ARGS = ("x", "prev_h", "prev_c", "Wx", "Wh", "b")
GRADS = ("dx", "dprev_h", "dprev_c", "dWx", "dWh", "db")

# -- hints: one idea each, naming the function ---------------------------------------------------
STEP = ("lstm_step_forward(): a = x Wx + prev_h Wh + b is [N, 4H]; its blocks of H columns are, in this order, "
        "i, f, o (sigmoids) and g (tanh); next_c = f * prev_c + i * g, next_h = o * tanh(next_c).")
ORDER = ("lstm_step_forward(): the blocks of a are in the order i, f, o, g (CS231n), not PyTorch's i, f, g, o: "
         "o = sigmoid(a[:, 2H:3H]) and g = tanh(a[:, 3H:]).")
G_TANH = ("lstm_step_forward(): the candidate g = tanh(a[:, 3H:]) (in (-1, 1), so the cell can also decrease); "
          "only i, f and o are sigmoids.")
H_TANH = ("lstm_step_forward(): next_h = o * tanh(next_c): the NEW cell goes through tanh before the output "
          "gate (not next_c itself, not tanh(prev_c)).")
CELL = ("lstm_step_forward(): next_c = f * prev_c + i * g: the forget gate keeps part of the OLD cell prev_c, the "
        "input gate adds the candidate g.")
RECURRENT = "lstm_step_forward(): the gates see the previous hidden state too: a = x Wx + prev_h Wh + b."
BIAS = "lstm_step_forward(): a = x Wx + prev_h Wh + b: b [4H] is added to every row."
SATURATED = ("lstm_step_forward(): sigmoid and tanh must stay finite for |a| up to 1e3. exp(a) / (1 + exp(a)) is "
             "inf / inf = NaN for a large a: use 1 / (1 + exp(-a)) for a >= 0 and exp(a) / (1 + exp(a)) for a < 0 "
             "(exp of -|a| only), and np.tanh rather than a formula with exp(2a).")
DTYPE = ("lstm_step_forward(): float32 in, float32 out (a float64 helper array or np.float64 constant upcasts "
         "next_h and next_c).")
INT = "lstm_step_forward(): integer inputs give float64 outputs: do not cast back to x's dtype."
MATMUL_F = ("lstm_step_forward(): Wx is [D, 4H] and Wh [H, 4H], so a = x @ Wx + prev_h @ Wh + b with no transpose "
            "(torch's weight_ih is stored [4H, D] and needs one; these weights do not).")
SPLIT = ("lstm_step_forward(): the gates are blocks of H COLUMNS of a [N, 4H]: np.split(a, 4, axis=1), or slices "
         "a[:, k*H:(k+1)*H]; np.split's default axis=0 cuts the batch.")
MULTIPLE_OF_4 = "{}(): Wx is [D, 4H]: a second dimension that is not a multiple of 4 holds no four gates: ValueError."
PARAMS = ("{}(): check the parameters' shapes: Wx [D, 4H] (D = x's last axis; torch's [4H, D] layout is "
          "transposed), Wh [H, 4H], b exactly [4H] (a [1, 4H] b would broadcast); ValueError otherwise.")
STATES = ("lstm_step_forward(): prev_h and prev_c must be exactly [N, H]; a [1, H] state broadcasts silently "
          "over the batch: raise ValueError.")
X_2D = "lstm_step_forward(): x is one time step [N, D]: any other number of axes raises ValueError."

BACKWARD = ("lstm_step_backward(): dc = dnext_c + dnext_h * o * (1 - tanh(next_c)**2) collects both paths into "
            "next_c; each gate's gradient times its derivative (s(1 - s) for i, f, o; 1 - g**2 for g) gives da "
            "[N, 4H] in the order i, f, o, g; dx = da Wx^T, dWx = x^T da, db = da summed over N, dprev_c = dc * f.")
DNEXT_C = ("lstm_step_backward(): next_c also feeds the next step, so its gradient is dnext_c PLUS the path "
           "through next_h: dc = dnext_c + dnext_h * o * (1 - tanh(next_c)**2).")
TANH_PATH = ("lstm_step_backward(): next_h = o * tanh(next_c), so dnext_h reaches the cell too: add "
             "dnext_h * o * (1 - tanh(next_c)**2) to dnext_c before going into the gates.")
O_FACTOR = ("lstm_step_backward(): the path from next_h into next_c is dnext_h * o * (1 - tanh(next_c)**2): the "
            "output gate o scales it.")
DPREV_C = ("lstm_step_backward(): next_c = f * prev_c + i * g, so dprev_c = dc * f: the forget gate scales the "
           "gradient that reaches the old cell.")
TANH_AT = ("lstm_step_backward(): the derivative of tanh(next_c) is 1 - tanh(next_c)**2, taken at the NEW cell "
           "next_c; keep tanh(next_c) in the cache.")
TANH_NOT_H = ("lstm_step_backward(): tanh(next_c) is not next_h (next_h = o * tanh(next_c)): its derivative is "
              "1 - tanh(next_c)**2, not 1 - next_h**2. Keep tanh(next_c) in the cache.")
SIG_S = ("lstm_step_backward(): the sigmoid's derivative is s * (1 - s), with s the gate's value: the factor "
         "(1 - s) is missing.")
SIG_A = ("lstm_step_backward(): the sigmoid's derivative is s * (1 - s) at the gate's VALUE s = sigmoid(a), not "
         "a * (1 - a) at the pre-activation.")
SAT_BACKWARD = ("lstm_step_backward(): take each derivative from the gate's VALUE: s * (1 - s) and 1 - g**2 are 0 "
                "(and finite) for a saturated gate, where a formula with exp(-a) gives inf / inf = NaN.")
G_GRAD = "lstm_step_backward(): g = tanh(...), so its derivative is 1 - g**2, not the sigmoid's g * (1 - g)."
DA_ORDER = ("lstm_step_backward(): concatenate the gate gradients in the forward's order i, f, o, g (not torch's "
            "i, f, g, o): each block of da lines up with the block of a it came from.")
DB_SUM = ("lstm_step_backward(): b is added to every example, so db SUMS da over the batch axis 0 (not a mean): "
          "shape [4H].")
DWX = ("lstm_step_backward(): dWx = x.T @ da has Wx's shape [D, 4H] (da.T @ x is its transpose), and dWh = "
       "prev_h.T @ da has Wh's shape [H, 4H].")
DX = "lstm_step_backward(): dx = da @ Wx.T [N, D] and dprev_h = da @ Wh.T [N, H]."
FORWARD_FIRST = ("lstm_step_backward(): your backward agrees with your own forward, but your lstm_step_forward's "
                 "next_h or next_c differ from the reference's on this case: fix the forward first (its tests say how).")
MATMUL_B = ("lstm_step_backward(): check each product's shapes: dx = da @ Wx.T ([N, 4H] @ [4H, D]), dprev_h = "
            "da @ Wh.T, dWx = x.T @ da ([D, N] @ [N, 4H]), dWh = prev_h.T @ da.")
BACKWARD_DTYPE = ("lstm_step_backward(): every gradient keeps the inputs' float dtype (float32 in, float32 out): "
                  "np.zeros(shape) buffers are float64; use np.zeros_like(x) or dtype=.")
BACKWARD_INT = "lstm_step_backward(): integer forward inputs give float64 gradients."

SEQUENCE = ("lstm_forward(): h = h0, c = zeros [N, H]; for t = 0..T-1, (h, c) = the step on x[:, t]; h[:, t] = "
            "the new h. x and the result are batch first: [N, T, D] -> [N, T, H].")
H0 = "lstm_forward(): the first step starts from h0 (not zeros); only the cell c0 is zeros."
C0 = "lstm_forward(): c0 = zeros [N, H], not h0: h0 is the hidden state only, the cell starts empty."
CARRY = ("lstm_forward(): carry the cell from step to step with h: step t gets step t-1's next_c as prev_c, not "
         "zeros.")
BATCH_FIRST = ("lstm_forward(): x is batch first [N, T, D]: step t reads x[:, t] ([N, D]), not x[t] (that is "
               "torch's default time-first layout [T, N, D]), and not a reshape of x to [T, N, D] (a transpose "
               "would be needed).")
OUT_LAYOUT = "lstm_forward(): return h batch first, [N, T, H]: np.stack(hs, axis=1), not axis 0 ([T, N, H])."
ALL_STATES = "lstm_forward(): return EVERY hidden state, h [N, T, H], not only the last one."
SEQ_ORDER = ORDER.replace(F, SEQ)
SEQ_DTYPE = ("lstm_forward(): float32 in, float32 out (c0 = np.zeros((N, H)) is float64: make it in the inputs' "
             "dtype).")
SEQ_INT = "lstm_forward(): integer inputs give float64 outputs."
X_3D = "lstm_forward(): x is a sequence [N, T, D]: any other number of axes raises ValueError."
H0_SHAPE = "lstm_forward(): h0 must be exactly [N, H]; a [1, H] or [H] h0 would broadcast: raise ValueError."


# -- inputs ----------------------------------------------------------------------------------
def step_inputs(rng, n, d, h, dtype=np.float64, w_scale=1.0):
    """One step's inputs, pre-activations mostly within +-3 (no gate saturated: every mistake shows)."""
    return {"x": rng.standard_normal((n, d)).astype(dtype),
            "prev_h": rng.uniform(-1, 1, (n, h)).astype(dtype),
            "prev_c": rng.normal(0, 1.5, (n, h)).astype(dtype),
            "Wx": (rng.normal(0, 1, (d, 4 * h)) * w_scale / np.sqrt(d)).astype(dtype),
            "Wh": (rng.normal(0, 1, (h, 4 * h)) * w_scale / np.sqrt(h)).astype(dtype),
            "b": rng.normal(0, 0.5, 4 * h).astype(dtype)}


def random_step(rng, size, dtype=np.float64):
    n, d, h = (int(v) for v in rng.integers(1, size + 1, 3))
    return step_inputs(rng, n, d, h, dtype)


def upstream(rng, args, dtype=None):
    dtype = dtype or args["x"].dtype
    n, h = np.shape(args["prev_h"])
    return {"dnext_h": rng.standard_normal((n, h)).astype(dtype),
            "dnext_c": rng.standard_normal((n, h)).astype(dtype)}


def random_backward(rng, size, dtype=np.float64):
    args = random_step(rng, size, dtype)
    return {**args, **upstream(rng, args)}


def random_sequence(rng, size, dtype=np.float64):
    n, t, d, h = (int(v) for v in rng.integers(1, size + 1, 4))
    args = step_inputs(rng, n, d, h, dtype)
    return {"x": rng.standard_normal((n, t, d)).astype(dtype), "h0": args["prev_h"], "Wx": args["Wx"],
            "Wh": args["Wh"], "b": args["b"]}


def fixed(n, d, h, seed, dtype=np.float64, **changes):
    args = step_inputs(np.random.default_rng(seed), n, d, h, dtype)
    return {**args, **changes}


def with_upstream(args, seed=10, **changes):
    return {**args, **upstream(np.random.default_rng(seed), args), **changes}


def sequence(n, t, d, h, seed, dtype=np.float64, **changes):
    rng = np.random.default_rng(seed)
    args = step_inputs(rng, n, d, h, dtype)
    return {"x": rng.standard_normal((n, t, d)).astype(dtype), "h0": args["prev_h"], "Wx": args["Wx"],
            "Wh": args["Wh"], "b": args["b"], **changes}


# The worked example of the statement: i = 0.5, f = 0.88080, o = 0.26894, g = 0.46212.
EXAMPLE = dict(x=a([1.0]), prev_h=a([0.0]), prev_c=a([2.0]), Wx=a([0.0, 2.0, -1.0, 0.5]), Wh=a([0.0, 0.0, 0.0, 0.0]),
               b=np.zeros(4))
# a = b alone (x = prev_h = 0): each block of b sets one gate, H = 2.
FROM_BIAS = dict(x=np.zeros((2, 3)), prev_h=np.zeros((2, 2)), prev_c=a([1.0, -2.0], [0.5, 3.0]),
                 Wx=np.zeros((3, 8)), Wh=np.zeros((2, 8)), b=a(1.0, -1.0, 2.0, 0.5, -0.5, 1.5, 0.8, -2.0))
# Pre-activations up to |a| = 1000: every gate saturated (row 0 above exp's float64 range, 709).
SATURATED_ARGS = dict(x=a([1.0, -0.5], [-1.0, 0.25]), prev_h=a([0.5, -0.5], [0.9, 0.1]),
                      prev_c=a([3.0, -2.0], [-1.0, 5.0]),
                      Wx=a([900.0, -600.0, 950.0, 30.0, -700.0, 400.0, 900.0, -20.0],
                           [200.0, 100.0, -100.0, 400.0, 300.0, -800.0, 50.0, 600.0]),
                      Wh=np.linspace(-2, 2, 16).reshape(2, 8), b=np.linspace(-1, 1, 8))


def f32(args):
    return {k: np.asarray(v, np.float32) for k, v in args.items()}


STEP_CASES = [
    case("the worked example: N = D = H = 1", **EXAMPLE, hint=ORDER),
    case("gates from the bias alone (x = prev_h = 0): i, f, o, g in this order", **FROM_BIAS, hint=ORDER),
    case("N = 3, D = 4, H = 2", **fixed(3, 4, 2, seed=0), hint=STEP),
    case("the previous hidden state enters through Wh (x = 0)", **fixed(2, 3, 3, seed=1, x=np.zeros((2, 3))),
         hint=RECURRENT),
    case("the forget gate keeps part of prev_c", **fixed(4, 2, 3, seed=2, prev_c=np.linspace(-4, 4, 12).reshape(4, 3)),
         hint=CELL),
    case("a batch of one, D = 5, H = 4", **fixed(1, 5, 4, seed=3), hint=STEP),
    *generated("random N, D, H, size {size}", random_step, sizes=[3, 6], seeds=range(4), hint=STEP),
    # Edge cases: saturated gates (stability), one feature.
    case("saturated gates: |a| up to 1e3 gives finite values", **SATURATED_ARGS, hint=SATURATED, layer="edge"),
    case("saturated gates in float32", **f32(SATURATED_ARGS), hint=SATURATED, layer="edge"),
    case("D = 1 and H = 1 with a batch of five", **fixed(5, 1, 1, seed=4), hint=STEP, layer="edge"),
    # Polish: dtypes, invalid input.
    case("float32 in, float32 out", **fixed(3, 4, 2, seed=5, dtype=np.float32), hint=DTYPE, layer="polish"),
    *generated("random float32, size {size}", lambda rng, n: random_step(rng, n, np.float32), sizes=[5],
               seeds=range(2), hint=DTYPE, layer="polish"),
    case("integer inputs give float64", x=np.array([[1, 0], [0, -1]]), prev_h=np.array([[0], [1]]),
         prev_c=np.array([[2], [-1]]), Wx=np.array([[1, 0, -1, 2], [0, 1, 1, -1]]), Wh=np.array([[1, -1, 0, 1]]),
         b=np.array([0, 1, 0, 0]), hint=INT, layer="polish"),
    case("Wx [D, 6]: 6 is not a multiple of 4", **fixed(2, 3, 2, seed=6, Wx=np.ones((3, 6))), raises=ValueError,
         hint=MULTIPLE_OF_4.format(F)),
    case("Wx in torch's layout [4H, D] is invalid", **fixed(2, 3, 2, seed=6, Wx=np.ones((8, 3))), raises=ValueError,
         hint=PARAMS.format(F)),
    case("Wx [D + 1, 4H] is invalid", **fixed(2, 3, 2, seed=6, Wx=np.ones((4, 8))), raises=ValueError,
         hint=PARAMS.format(F)),
    case("Wh [4H, H] (transposed) is invalid", **fixed(2, 3, 2, seed=6, Wh=np.ones((8, 2))), raises=ValueError,
         hint=PARAMS.format(F)),
    case("b [1, 4H] is invalid (it would broadcast)", **fixed(2, 3, 2, seed=6, b=np.ones((1, 8))), raises=ValueError,
         hint=PARAMS.format(F)),
    case("b [H] is invalid", **fixed(2, 3, 2, seed=6, b=np.ones(2)), raises=ValueError, hint=PARAMS.format(F)),
    case("prev_h [N, H + 1] is invalid", **fixed(2, 3, 2, seed=6, prev_h=np.ones((2, 3))), raises=ValueError,
         hint=STATES),
    case("prev_c [1, H] is invalid (it would broadcast over the batch)", **fixed(3, 3, 2, seed=6, prev_c=np.ones((1, 2))),
         raises=ValueError, hint=STATES),
    case("x [D] (one example without its batch axis) is invalid", **fixed(1, 3, 2, seed=6, x=np.ones(3)),
         raises=ValueError, hint=X_2D),
    case("x [N, T, D] (a sequence) is invalid for one step", **fixed(2, 3, 2, seed=6, x=np.ones((2, 4, 3))),
         raises=ValueError, hint=X_2D),
]

# Backward cases: the forward's inputs, then the two upstream gradients dnext_h and dnext_c.
BACKWARD_CASES = [
    case("backward: the worked example", **with_upstream(EXAMPLE)),
    case("backward: N = 3, D = 4, H = 2", **with_upstream(fixed(3, 4, 2, seed=0))),
    case("backward: dnext_h = 0, only dnext_c", **with_upstream(fixed(3, 2, 3, seed=7), dnext_h=np.zeros((3, 3))),
         hint=DNEXT_C),
    case("backward: dnext_c = 0, only dnext_h", **with_upstream(fixed(3, 2, 3, seed=8), dnext_c=np.zeros((3, 3))),
         hint=TANH_PATH),
    case("backward: D != H != N, to tell the weight gradients' shapes apart", **with_upstream(fixed(2, 5, 3, seed=9)),
         hint=DWX),
    *generated("backward: random N, D, H, size {size}", random_backward, sizes=[3, 6], seeds=range(3)),
    # Edge cases: saturated gates (their derivatives vanish), one feature.
    case("backward: saturated gates", **with_upstream(SATURATED_ARGS), hint=SAT_BACKWARD, layer="edge"),
    case("backward: D = 1 and H = 1 with a batch of five", **with_upstream(fixed(5, 1, 1, seed=4)), layer="edge"),
    # Polish: dtypes.
    case("backward: float32 in, float32 gradients", **with_upstream(fixed(3, 4, 2, seed=5, dtype=np.float32)),
         hint=BACKWARD_DTYPE, layer="polish"),
    *generated("backward: random float32, size {size}", lambda rng, n: random_backward(rng, n, np.float32),
               sizes=[5], seeds=range(2), hint=BACKWARD_DTYPE, layer="polish"),
    case("backward: integer forward inputs give float64 gradients",
         x=np.array([[1, 0], [0, -1]]), prev_h=np.array([[0], [1]]), prev_c=np.array([[2], [-1]]),
         Wx=np.array([[1, 0, -1, 2], [0, 1, 1, -1]]), Wh=np.array([[1, -1, 0, 1]]), b=np.array([0, 1, 0, 0]),
         dnext_h=a([0.5], [-1.0]), dnext_c=a([1.0], [2.0]), hint=BACKWARD_INT, layer="polish"),
]

SEQ_CASES = [
    case("T = 1: one step from h0", **sequence(2, 1, 3, 2, seed=0), hint=H0),
    case("x is batch first: x[:, t] is step t (N = T = 3)", **sequence(3, 3, 2, 2, seed=1), hint=BATCH_FIRST),
    case("the cell is carried from step to step (T = 4)", **sequence(2, 4, 3, 3, seed=2), hint=CARRY),
    case("h0 is the first hidden state", **sequence(3, 2, 2, 4, seed=3, h0=np.linspace(-0.9, 0.9, 12).reshape(3, 4)),
         hint=H0),
    case("N = 2, T = 5, D = 4, H = 3", **sequence(2, 5, 4, 3, seed=4), hint=SEQUENCE),
    *generated("random N, T, D, H, size {size}", random_sequence, sizes=[3, 6], seeds=range(3), hint=SEQUENCE),
    # Edge cases: saturated gates over a sequence, one step of one feature.
    case("saturated gates over three steps", x=np.stack([SATURATED_ARGS["x"], -SATURATED_ARGS["x"],
                                                         SATURATED_ARGS["x"] / 2], axis=1),
         h0=SATURATED_ARGS["prev_h"], Wx=SATURATED_ARGS["Wx"], Wh=SATURATED_ARGS["Wh"], b=SATURATED_ARGS["b"],
         hint=SATURATED.replace(F, SEQ), layer="edge"),
    case("a batch of one, D = H = 1, T = 6", **sequence(1, 6, 1, 1, seed=5), hint=SEQUENCE, layer="edge"),
    # Polish: dtypes, invalid input.
    case("float32 in, float32 out", **sequence(2, 4, 3, 2, seed=6, dtype=np.float32), hint=SEQ_DTYPE, layer="polish"),
    *generated("random float32, size {size}", lambda rng, n: random_sequence(rng, n, np.float32), sizes=[5],
               seeds=range(2), hint=SEQ_DTYPE, layer="polish"),
    case("integer inputs give float64", x=np.array([[[1, 0], [0, 1], [-1, 1]]]), h0=np.array([[1]]),
         Wx=np.array([[1, 0, -1, 2], [0, 1, 1, -1]]), Wh=np.array([[1, -1, 0, 1]]), b=np.array([0, 1, 0, 0]),
         hint=SEQ_INT, layer="polish"),
    case("x [N, D] (one step) is invalid for a sequence", **sequence(2, 3, 3, 2, seed=7, x=np.ones((2, 3))),
         raises=ValueError, hint=X_3D),
    case("h0 [N, H + 1] is invalid", **sequence(2, 3, 3, 2, seed=7, h0=np.ones((2, 3))), raises=ValueError,
         hint=H0_SHAPE),
    case("h0 [1, H] is invalid (it would broadcast over the batch)", **sequence(3, 3, 3, 2, seed=7, h0=np.ones((1, 2))),
         raises=ValueError, hint=H0_SHAPE),
    case("Wx [D, 6]: 6 is not a multiple of 4", **sequence(2, 3, 3, 2, seed=7, Wx=np.ones((3, 6))), raises=ValueError,
         hint=MULTIPLE_OF_4.format(SEQ)),
    case("Wx in torch's layout [4H, D] is invalid", **sequence(2, 3, 3, 2, seed=7, Wx=np.ones((8, 3))),
         raises=ValueError, hint=PARAMS.format(SEQ)),
    case("Wh [H, 4H + 4] is invalid", **sequence(2, 3, 3, 2, seed=7, Wh=np.ones((2, 12))), raises=ValueError,
         hint=PARAMS.format(SEQ)),
    case("b [4H + 1] is invalid", **sequence(2, 3, 3, 2, seed=7, b=np.ones(9)), raises=ValueError,
         hint=PARAMS.format(SEQ)),
]


# -- known mistakes: what each gives on a case's arguments (to name it; never shown) -------------
def _dtype(*arrays):
    dtype = np.result_type(*arrays)
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


def _sigmoid(z, naive=False):
    if naive:
        e = np.exp(z)
        return e / (1 + e)
    return 0.5 * (1 + np.tanh(z / 2))  # finite for any z


def _tanh(z, naive=False):
    if naive:
        e = np.exp(2 * z)
        return (e - 1) / (e + 1)
    return np.tanh(z)


def _gates(x, prev_h, Wx, Wh, b, order="ifog", g_sigmoid=False, naive_sigmoid=False, naive_tanh=False):
    """i, f, o, g of one step with the blocks of a read in `order`, in the inputs' dtype."""
    dtype = _dtype(x, prev_h, Wx, Wh, b)
    a_ = (x @ Wx + prev_h @ Wh + b).astype(dtype)
    h = a_.shape[1] // 4
    block = {name: a_[:, k * h:(k + 1) * h] for k, name in enumerate(order)}
    i, f, o = (_sigmoid(block[k], naive_sigmoid) for k in "ifo")
    g = _sigmoid(block["g"], naive_sigmoid) if g_sigmoid else _tanh(block["g"], naive_tanh)
    return i, f, o, g, block


def _step(x, prev_h, prev_c, Wx, Wh, b, *, h_of="tanh(next_c)", forget=True, bias=True, **gate_knobs):
    """lstm_step_forward's (next_h, next_c) with one knob per classic mistake."""
    with np.errstate(all="ignore"):
        i, f, o, g, _ = _gates(x, prev_h, Wx, Wh, b if bias else np.zeros_like(b), **gate_knobs)
        next_c = (f * prev_c if forget else 0) + i * g
        kept = {"tanh(next_c)": np.tanh(next_c), "next_c": next_c, "tanh(prev_c)": np.tanh(prev_c)}[h_of]
        dtype = i.dtype
        return (o * kept).astype(dtype), next_c.astype(dtype)


def _step_mistake(name, fix, **knobs):
    return mistake(F, name, fix=fix, gives=lambda ref, *args: (*_step(*args, **knobs), None))


def _grads(ref, x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c, *, dc_paths="both", o_factor=True,
           tanh_of="next_c", sig_grad="s(1-s)", g_grad="1-g^2", dprev_c="dc*f", db="sum", dWx="x.T@da",
           order="ifog"):
    """lstm_step_backward's six gradients with one knob per classic mistake, in the reference's dtype."""
    dtype = ref.lstm_step_backward(dnext_h, dnext_c, ref.lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b)[2])[0].dtype
    x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c = (np.asarray(v, np.float64) for v in
                                                      (x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c))
    with np.errstate(all="ignore"):
        return _grads64(x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c, dtype, dc_paths, o_factor, tanh_of,
                        sig_grad, g_grad, dprev_c, db, dWx, order)


def _grads64(x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c, dtype, dc_paths, o_factor, tanh_of, sig_grad, g_grad,
             dprev_c, db, dWx, order):
    i, f, o, g, block = _gates(x, prev_h, Wx, Wh, b)
    next_c = f * prev_c + i * g
    tanh_c = np.tanh(next_c)
    t = {"next_c": tanh_c, "prev_c": np.tanh(prev_c), "next_h": o * tanh_c}[tanh_of]
    through_h = dnext_h * (o if o_factor else 1) * (1 - t * t)
    dc = {"both": dnext_c + through_h, "no dnext_c": through_h, "no tanh path": dnext_c}[dc_paths]

    def sig(s, z):
        if sig_grad == "exp":  # from the pre-activation: inf / inf = NaN for a saturated gate
            return np.exp(-z) / (1 + np.exp(-z)) ** 2
        return {"s(1-s)": s * (1 - s), "s": s, "a(1-a)": z * (1 - z)}[sig_grad]
    dg = dc * i * ((1 - g * g) if g_grad == "1-g^2" else g * (1 - g))
    d = {"i": dc * g * sig(i, block["i"]), "f": dc * prev_c * sig(f, block["f"]),
         "o": dnext_h * tanh_c * sig(o, block["o"]), "g": dg}
    da = np.concatenate([d[k] for k in order], axis=1)
    grads = [da @ Wx.T, da @ Wh.T, dc * f if dprev_c == "dc*f" else dc,
             x.T @ da if dWx == "x.T@da" else da.T @ x, prev_h.T @ da,
             da.sum(axis=0) if db == "sum" else da.mean(axis=0)]
    return tuple(np.asarray(g_).astype(dtype) for g_ in grads)


def _grads_mistake(name, fix, **knobs):
    return mistake(B, name, fix=fix, gives=lambda ref, *args: _grads(ref, *args, **knobs))


def _sequence(ref, x, h0, Wx, Wh, b, *, c0="zeros", carry=True, use_h0=True, x_layout="batch first",
              out="[N, T, H]", **gate_knobs):
    """lstm_forward's output with one knob per classic mistake, in the reference's dtype."""
    n, t_len, _ = x.shape
    # Time first by mistake: step t reads x[t] ([T, D]: runs, broadcast, when T = N or T = 1), or a
    # reshape of x to [T, N, D].
    steps = {"batch first": x.transpose(1, 0, 2), "x[t]": x, "reshape": x.reshape(t_len, n, -1)}[x_layout]
    h = h0 if use_h0 else np.zeros_like(h0)
    c = h0 if c0 == "h0" else np.zeros_like(h0)
    hs = []
    for t in range(t_len):
        h, c_new = _step(steps[t], h, c, Wx, Wh, b, **gate_knobs)
        c = c_new if carry else np.zeros_like(c_new)
        hs.append(h)
    hs = np.stack(hs, axis=1).astype(_dtype(x, h0, Wx, Wh, b))  # [N, T, H]
    if x_layout == "reshape":  # and back to batch first with a reshape too
        hs = hs.transpose(1, 0, 2).reshape(n, t_len, -1)
    return {"[N, T, H]": hs, "[T, N, H]": hs.transpose(1, 0, 2), "last": hs[:, -1]}[out]


def _seq_mistake(name, fix, **knobs):
    return mistake(SEQ, name, fix=fix, gives=lambda ref, *args: _sequence(ref, *args, **knobs))


MISTAKES = [
    _step_mistake("torch's gate order i, f, g, o (o and g swapped)", ORDER, order="ifgo"),
    _step_mistake("sigmoid on all four blocks: g must be tanh", G_TANH, g_sigmoid=True),
    _step_mistake("next_h = o * next_c: the tanh of the cell left out", H_TANH, h_of="next_c"),
    _step_mistake("next_h = o * tanh(prev_c): the OLD cell", H_TANH, h_of="tanh(prev_c)"),
    _step_mistake("next_c = i * g: the forget gate's f * prev_c left out", CELL, forget=False),
    _step_mistake("the bias b left out of a", BIAS, bias=False),
    crash(F, "a matrix product with mismatched shapes (Wx used as torch's [4H, D]: a .T too many?)", fix=MATMUL_F,
          raised="mismatch in its core dimension"),
    crash(F, "np.split(a, 4) without axis=1: the gates are blocks of columns, not rows", fix=SPLIT,
          raised="array split does not result in an equal division"),
    _step_mistake("sigmoid as exp(a) / (1 + exp(a)): inf / inf = NaN for a saturated gate", SATURATED,
                  naive_sigmoid=True),
    _step_mistake("tanh as (exp(2a) - 1) / (exp(2a) + 1): inf / inf = NaN for a large a", SATURATED,
                  naive_tanh=True),
    crash(B, "a matrix product with mismatched shapes (a .T missing or misplaced)", fix=MATMUL_B,
          raised="mismatch in its core dimension"),
    _grads_mistake("dnext_c dropped: the cell's gradient from the next step left out", DNEXT_C,
                   dc_paths="no dnext_c"),
    _grads_mistake("the path from dnext_h through tanh(next_c) into the cell left out", TANH_PATH,
                   dc_paths="no tanh path"),
    _grads_mistake("dprev_c = dc without the forget gate's factor f", DPREV_C, dprev_c="dc"),
    _grads_mistake("tanh's derivative taken at prev_c instead of next_c", TANH_AT, tanh_of="prev_c"),
    _grads_mistake("the gradient of tanh(next_c) computed from next_h (1 - next_h**2)", TANH_NOT_H,
                   tanh_of="next_h"),
    _grads_mistake("the path from next_h into the cell without the factor o", O_FACTOR, o_factor=False),
    _grads_mistake("the sigmoid's derivative taken as s instead of s * (1 - s)", SIG_S, sig_grad="s"),
    _grads_mistake("the sigmoid's derivative taken at the pre-activation: a * (1 - a)", SIG_A, sig_grad="a(1-a)"),
    _grads_mistake("the sigmoid's derivative as exp(-a) / (1 + exp(-a))**2: inf / inf = NaN when saturated",
                   SAT_BACKWARD, sig_grad="exp"),
    _grads_mistake("g's derivative as the sigmoid's g * (1 - g) instead of tanh's 1 - g**2", G_GRAD, g_grad="sig"),
    _grads_mistake("the gate gradients concatenated in torch's order i, f, g, o", DA_ORDER, order="ifgo"),
    _grads_mistake("db the MEAN of da over the batch instead of the sum", DB_SUM, db="mean"),
    _grads_mistake("dWx = da.T @ x: the transpose of x.T @ da", DWX, dWx="da.T@x"),
    _seq_mistake("c0 = h0: the cell starts from the hidden state", C0, c0="h0"),
    _seq_mistake("the cell not carried: every step starts from c = 0", CARRY, carry=False),
    _seq_mistake("h0 ignored: the first step starts from zeros", H0, use_h0=False),
    _seq_mistake("x read time first: step t takes x[t] instead of x[:, t]", BATCH_FIRST, x_layout="x[t]"),
    _seq_mistake("x reshaped to [T, N, D] instead of transposed", BATCH_FIRST, x_layout="reshape"),
    _seq_mistake("the hidden states stacked time first, [T, N, H]", OUT_LAYOUT, out="[T, N, H]"),
    _seq_mistake("only the last hidden state returned", ALL_STATES, out="last"),
    _seq_mistake("torch's gate order i, f, g, o (o and g swapped)", SEQ_ORDER, order="ifgo"),
    _seq_mistake("the bias b left out of a", BIAS.replace(F, SEQ), bias=False),
    crash(SEQ, "a matrix product with mismatched shapes (Wx used as torch's [4H, D]: a .T too many?)",
          fix=MATMUL_F.replace(F, SEQ), raised="mismatch in its core dimension"),
    crash(SEQ, "x read time first: x[t] is [T, D], not one step [N, D]", fix=BATCH_FIRST,
          raised="is out of bounds for axis 0 with size"),
]


# -- the step backward: both upstream gradients, so check_backward's single `dout` does not fit --
def step_loss_gradients(module, args, dnext_h, dnext_c, h, directions):
    """Runs in the worker: centred differences of the learner's OWN forward, for the loss
    L = sum(next_h * dnext_h) + sum(next_c * dnext_c), along each direction (one array per input), or,
    with directions None, with respect to every entry of the six inputs (to explain a disagreement)."""
    def loss(inputs):
        with np.errstate(all="ignore"):
            next_h, next_c = module.lstm_step_forward(*copy.deepcopy(inputs))[:2]
        return float(np.sum(np.asarray(next_h, np.float64) * dnext_h)
                     + np.sum(np.asarray(next_c, np.float64) * dnext_c))

    if directions is None:
        return [numerical_gradient(lambda: loss(args), arg, h) for arg in args]

    def moved(step, direction):
        return loss([arg + step * u for arg, u in zip(args, direction)])
    return [(moved(h, d) - moved(-h, d)) / (2 * h) for d in directions]


def grad_spec():
    return Outputs(**{n: Close(rtol=1e-6, atol=1e-8, rtol32=1e-3, atol32=1e-4) for n in GRADS})


GRAD_SHAPES = {"x": DX, "prev_h": DX, "prev_c": DPREV_C, "Wx": DWX, "Wh": DWX, "b": DB_SUM}


def grade_backward(kata, c, h=1e-6, tol=SELF_CONSISTENCY_TOL):
    """The step forward (yours, for its cache), your backward on (dnext_h, dnext_c, cache): a declared
    mistake named first, then the gradients' shapes, a numerical gradient of your own forward (float64, when
    they differ from the reference's), and the reference's gradients."""
    fcase = Case(c.name, {k: c.args[k] for k in STEP_ARGS}, hint=c.hint, tier=c.tier)
    next_h, next_c, cache = kata.call(F, fcase, parts=("next_h", "next_c", "cache"))
    ref_h, ref_c, ref_cache = kata.reference.lstm_step_forward(*copy.deepcopy(list(fcase.args.values())))
    for name, got, want in (("next_h", next_h, ref_h), ("next_c", next_c, ref_c)):
        if np.shape(got) != np.shape(want):
            kata.fail(F, fcase, f"{name} has shape {np.shape(got)}, expected {np.shape(want)}, so the backward "
                      "cannot be graded: fix the forward first (its own tests show how)", hint=STEP)
    dnext_h, dnext_c = c.args["dnext_h"], c.args["dnext_c"]
    bcase = Case(c.name, {"dnext_h": dnext_h, "dnext_c": dnext_c, "cache": cache}, hint=c.hint or BACKWARD,
                 tier=c.tier)
    grads = tuple(kata.call(B, bcase, parts=GRADS))
    want = kata.reference.lstm_step_backward(dnext_h.copy(), dnext_c.copy(), ref_cache)
    spec = grad_spec()
    with computed_from(c.args):
        differs = spec.problem(grads, want) is not None
        named = differs and matching(kata.mistakes, B, kata.reference, c.args, grads, want, spec) is not None
    if named:
        kata.compare(B, c, grads, want, spec, hint=BACKWARD)
    for name, dname, grad in zip(STEP_ARGS, GRADS, grads):
        if np.shape(grad) != np.shape(c.args[name]):
            kata.fail(B, c, f"{dname} has shape {np.shape(grad)}, but {name} has shape {np.shape(c.args[name])}",
                      hint=f"Each gradient has the shape of its input. {GRAD_SHAPES[name]}")
    # Gradients that differ from the reference's are checked against YOUR forward first (those that match
    # need no numerical check).
    if differs and all(c.args[k].dtype == np.float64 for k in (*STEP_ARGS, "dnext_h", "dnext_c")):
        inputs = [c.args[k] for k in STEP_ARGS]
        rng = np.random.default_rng(0)
        directions = []
        for _ in range(4):
            parts = [rng.standard_normal(np.shape(v)) for v in inputs]
            norm = np.sqrt(sum(float(np.sum(p * p)) for p in parts)) or 1.0
            directions.append([p / norm for p in parts])
        numeric = kata.run(F, fcase, step_loss_gradients, inputs, dnext_h, dnext_c, h, directions)
        scale = np.sqrt(sum(float(np.sum(np.asarray(g, np.float64) ** 2)) for g in grads))
        agrees = all(abs(num - sum(float(np.sum(np.asarray(g, np.float64) * u)) for g, u in zip(grads, d)))
                     <= tol * (scale + abs(num)) for d, num in zip(directions, numeric))
        if not agrees:
            full = kata.run(F, fcase, step_loss_gradients, inputs, dnext_h, dnext_c, h, None)
            for dname, grad, num in zip(GRADS, grads, full):
                err = rel_error(grad, num)
                if not err < tol:  # also catches NaN
                    kata.fail(B, c, f"your backward disagrees with your own forward: {dname} has relative error "
                              f"{err:.2e} against a numerical gradient (should be < {tol:g})",
                              expected=num, got=grad, hint=c.hint or BACKWARD)
    # Consistent with your own forward but not with the reference: a wrong forward is the likelier cause.
    forward_ok = STEP_SPEC.problem((next_h, next_c, None), (ref_h, ref_c, None)) is None
    kata.compare(B, c if forward_ok else dataclasses.replace(c, hint=FORWARD_FIRST), grads, want, spec,
                 hint=BACKWARD, what="gradient differs from the reference's")


# -- the tests ----------------------------------------------------------------------------------
STEP_SPEC = Outputs(next_h=Close(shape_hint="next_h and next_c are [N, H]."),
                    next_c=Close(shape_hint="next_h and next_c are [N, H]."), cache=Ignore())


@pytest.mark.parametrize("case", STEP_CASES, ids=str)
def test_lstm_step_forward(kata, case):
    kata.check(F, case, STEP_SPEC, hint=STEP)


@pytest.mark.parametrize("case", BACKWARD_CASES, ids=str)
def test_lstm_step_backward(kata, case):
    kata.graded(case, lambda c: grade_backward(kata, c))


@pytest.mark.parametrize("case", SEQ_CASES, ids=str)
def test_lstm_forward(kata, case):
    kata.check(SEQ, case, Close(shape_hint="lstm_forward() returns every hidden state, batch first: [N, T, H]."),
               hint=SEQUENCE)


# -- benchmarks: a sequence forward of a small language-model-sized LSTM ---------------------------
BENCH = {"N=32 T=50 D=64 H=128": (32, 50, 64, 128), "N=64 T=50 D=128 H=256": (64, 50, 128, 256)}


@pytest.mark.parametrize("label", list(BENCH))
def test_benchmark_lstm_forward(kata_bench, label):
    n, t, d, h = BENCH[label]
    kata_bench(SEQ, Case("", sequence(n, t, d, h, seed=0, dtype=np.float32)), label=label)
