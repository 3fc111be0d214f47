"""Graded tests for the conv2d kata. Run: pytest katas/conv2d   (-x stops at the first failure)."""

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from sensei import Case, Close, Ignore, Outputs, case, crash, generated, mistake
from sensei.gradcheck import check_backward


CROSS = ("conv_forward(): out[n, f, i, j] = b[f] + sum over c, di, dj of x_pad[n, c, i*stride + di, "
         "j*stride + dj] * w[f, c, di, dj], a sum over every channel c, kept apart for every filter f.")
STRIDE = ("conv_forward(): output position (i, j) reads the window at rows i*stride ... i*stride + HH - 1 and "
          "columns j*stride ... j*stride + WW - 1.")
SIZE = "conv_forward(): H' = 1 + (H + 2*pad - HH) // stride and W' = 1 + (W + 2*pad - WW) // stride."
FLOOR = ("conv_forward(): when the stride does not divide H + 2*pad - HH evenly, the rows left over are dropped "
         "(floor, as torch does): rounding up adds a window that runs off the input.")
PAD = ("conv_forward(): pad adds `pad` zeros on EVERY side of H and W, and only there: "
       "np.pad(x, pad) would also pad the N and C axes.")
BIAS = "conv_forward(): b[f] is added to every output position of filter f, for every sample."
SQUARE = ("conv_forward(): kernels may be non-square: HH (w.shape[2]) runs along H and WW (w.shape[3]) along W; "
          "do not swap them.")
DEFAULTS = "conv_forward(): conv_param may omit keys: stride defaults to 1 and pad to 0 (conv_param.get('stride', 1))."
STRIDE_BACK = ("conv_backward(): output position (i, j) read the window at rows i*stride ... i*stride + HH - 1: "
               "send its gradient back to that same window, with the forward's stride.")
CROP = ("conv_backward(): dx has x's shape [N, C, H, W]: compute the gradient of the padded input, then crop "
        "the padding away (dx_pad[:, :, pad:pad + H, pad:pad + W]).")
DB = "conv_backward(): db sums dout over the samples AND every output position: shape [F]."
DW = ("conv_backward(): dw[f, c, di, dj] sums x_pad[n, c, i*stride + di, j*stride + dj] * dout[n, f, i, j] "
      "over EVERY sample n and position (i, j).")
SQUARE_BACK = "conv_backward(): HH runs along H and WW along W in the backward too; do not swap them."
GRADS = "conv_backward(): differentiate the forward you wrote: dx, dw and db each have the shape of x, w and b."
DTYPE = "conv_forward(): out keeps the inputs' float dtype (float32 in, float32 out)."
DTYPE_BACK = "conv_backward(): dx, dw and db keep the inputs' float dtype (float32 in, float32 out)."
INVALID = ("conv_forward(): a kernel larger than the padded input has no valid position (H' < 1): raise "
           "ValueError, as the statement says; do not return an empty array.")
CHANNELS = "conv_forward(): x and w must have the same number of channels C: raise ValueError otherwise."


def _flipped(ref, x, w, b, conv_param):
    return ref.conv_forward(x, np.ascontiguousarray(w[:, :, ::-1, ::-1]), b, conv_param)


def _padded_after_only(ref, x, w, b, conv_param):
    pad = conv_param.get("pad", 0)
    x_after = np.pad(x, ((0, 0), (0, 0), (0, 2 * pad), (0, 2 * pad)))
    return ref.conv_forward(x_after, w, b, {"stride": conv_param.get("stride", 1), "pad": 0})


def _dw_averaged(ref, x, w, b, conv_param, dout):
    dx, dw, db = ref.conv_backward(dout, ref.conv_forward(x, w, b, conv_param)[1])
    return dx, dw / x.shape[0], db


def _backward_with_stride_1(ref, x, w, b, conv_param, dout):
    """The gradients of a backward that sends position (i, j) back to rows i ... i + HH - 1."""
    pad = conv_param.get("pad", 0)
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    _, _, HH, WW = w.shape
    _, _, Ho, Wo = dout.shape
    dw = np.einsum("nfhw,nchwij->fcij", dout, sliding_window_view(x_pad, (HH, WW), axis=(2, 3))[:, :, :Ho, :Wo])
    dx_pad = np.zeros_like(x_pad)
    for i in range(HH):
        for j in range(WW):
            dx_pad[:, :, i:i + Ho, j:j + Wo] += np.einsum("nfhw,fc->nchw", dout, w[:, :, i, j])
    return dx_pad[:, :, pad:pad + x.shape[2], pad:pad + x.shape[3]], dw, dout.sum(axis=(0, 2, 3))


MISTAKES = [
    mistake("conv_forward", "the kernel is flipped (a true convolution, not a cross-correlation)",
            fix="conv_forward(): do not flip the kernel: a conv layer is a cross-correlation, "
                "out[n, f, i, j] = b[f] + sum of x_pad[n, c, i*stride + di, j*stride + dj] * w[f, c, di, dj].",
            gives=_flipped),
    mistake("conv_forward", "the bias is not added",
            fix=BIAS, gives=lambda ref, x, w, b, conv_param: ref.conv_forward(x, w, np.zeros_like(b), conv_param)),
    mistake("conv_forward", "2*pad zeros after the image only (bottom and right), none before",
            fix="conv_forward(): pad `pad` zeros on EVERY side of H and W: before (top, left) and after "
                "(bottom, right).",
            gives=_padded_after_only),
    mistake("conv_backward", "dw averaged over the samples instead of summed",
            fix="conv_backward(): dw sums over every sample: a sum, not a mean (any mean of the loss is "
                "already in dout).",
            gives=_dw_averaged),
    mistake("conv_backward", "the backward walks the windows with stride 1, whatever the forward's stride",
            fix=STRIDE_BACK, gives=_backward_with_stride_1),
]

# Classic mistakes that show as an error in the learner's code, told by words of its message:
# (function, words of the error, name, fix).
CRASHES = [crash(function, name, fix=fix, raised=words) for function, words, name, fix in [
    ("conv_forward", "'float' object cannot be interpreted as an integer",
     "the output size is a float: `/` instead of `//`",
     "conv_forward(): H' = 1 + (H + 2*pad - HH) // stride: in Python 3, `/` gives a float even when it divides "
     "evenly, and np.zeros and range refuse floats."),
]]
MISTAKES += CRASHES





def rand(rng, *shape, dtype=np.float64):
    return rng.standard_normal(shape).astype(dtype)


def conv_case(name, x_shape, w_shape, conv_param, *, seed=0, dtype=np.float64, hint="", **extra):
    rng = np.random.default_rng(seed)
    return case(name, x=rand(rng, *x_shape, dtype=dtype), w=rand(rng, *w_shape, dtype=dtype),
                b=rand(rng, w_shape[0], dtype=dtype), conv_param=conv_param, hint=hint, **extra)


def random_conv(rng, size, dtype=np.float64):
    """Random shapes: kernels of 1 to 4 on a side, strides 1 to 3, pads 0 to 2; H and W grow with size."""
    N, C, F = (int(v) for v in rng.integers(1, 4, size=3))
    HH, WW = (int(v) for v in rng.integers(1, 5, size=2))
    pad, stride = int(rng.integers(0, 3)), int(rng.integers(1, 4))
    H = int(rng.integers(max(1, HH - 2 * pad), max(2, HH - 2 * pad) + size))
    W = int(rng.integers(max(1, WW - 2 * pad), max(2, WW - 2 * pad) + size))
    return {"x": rand(rng, N, C, H, W, dtype=dtype), "w": rand(rng, F, C, HH, WW, dtype=dtype),
            "b": rand(rng, F, dtype=dtype), "conv_param": {"stride": stride, "pad": pad}}


DIAGONAL = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])  # out = x[i, j] - x[i+1, j+1]: flipping changes the sign
ARANGE = np.arange(9.0).reshape(1, 1, 3, 3)

# Cases graded on both passes: (case with the forward's hint, the backward's hint). In order: each
# idea alone first (stride 1 without padding, then padding, then strides), their mixes after.
SHARED = [
    (case("the statement's example: one 2x2 kernel on a 3x3 input", x=ARANGE, w=DIAGONAL, b=np.array([0.5]),
          conv_param={"stride": 1, "pad": 0}, hint=CROSS), GRADS),
    (conv_case("cross-correlation: the kernel is not flipped", (1, 1, 4, 4), (1, 1, 3, 3),
               {"stride": 1, "pad": 0}, hint=CROSS), GRADS),
    (conv_case("several channels are summed, several filters kept apart", (1, 3, 4, 5), (2, 3, 2, 2),
               {"stride": 1, "pad": 0}, hint=CROSS), GRADS),
    (conv_case("a batch of 3 samples", (3, 2, 4, 4), (2, 2, 3, 3), {"stride": 1, "pad": 0}, hint=CROSS), DW),
    (case("the bias is added at every position", x=np.zeros((2, 1, 3, 3)), w=np.ones((2, 1, 2, 2)),
          b=np.array([1.5, -2.0]), conv_param={"stride": 1, "pad": 0}, hint=BIAS), DB),
    (conv_case("a 1x1 kernel mixes channels pixel by pixel", (2, 3, 3, 4), (4, 3, 1, 1), {"stride": 1, "pad": 0},
               hint=CROSS), GRADS),
    (conv_case("a non-square kernel on a non-square input", (2, 2, 5, 7), (3, 2, 2, 4), {"stride": 1, "pad": 0},
               hint=SQUARE), SQUARE_BACK),
    (conv_case("pad 1 keeps a 3x3 kernel's output the input's size", (1, 2, 4, 4), (2, 2, 3, 3),
               {"stride": 1, "pad": 1}, hint=PAD), CROP),
    (conv_case("padding goes on every side (non-square input)", (2, 1, 3, 5), (1, 1, 2, 2),
               {"stride": 1, "pad": 2}, hint=PAD), CROP),
    (conv_case("stride 2 that divides evenly", (1, 2, 5, 5), (2, 2, 3, 3), {"stride": 2, "pad": 0},
               hint=STRIDE), STRIDE_BACK),
    (conv_case("stride 2 that does not divide evenly: the last row is dropped", (2, 1, 6, 6), (1, 1, 3, 3),
               {"stride": 2, "pad": 0}, hint=FLOOR), STRIDE_BACK),
    (case("the statement's example with pad 1 and stride 2", x=ARANGE, w=DIAGONAL, b=np.array([0.5]),
          conv_param={"stride": 2, "pad": 1}, hint=SIZE), GRADS),
    (conv_case("stride 3 with pad 1: rows and columns left over", (1, 2, 9, 8), (2, 2, 3, 3),
               {"stride": 3, "pad": 1}, hint=SIZE), GRADS),
    (conv_case("a non-square kernel with stride 2 and pad 1", (1, 3, 6, 5), (2, 3, 3, 1), {"stride": 2, "pad": 1},
               hint=SIZE), GRADS),
    (conv_case("conv_param without keys: stride 1, pad 0", (1, 2, 4, 4), (1, 2, 3, 3), {}, hint=DEFAULTS), GRADS),
    (conv_case("conv_param with only the pad", (1, 1, 3, 4), (2, 1, 2, 2), {"pad": 1}, hint=DEFAULTS), GRADS),
    (conv_case("conv_param with only the stride", (1, 1, 5, 5), (1, 1, 3, 3), {"stride": 2}, hint=DEFAULTS), GRADS),
    *((c, "") for c in generated("random shapes, size {size}", random_conv, sizes=[2, 5], seeds=range(5))),
    (conv_case("a kernel as large as the padded input gives a 1x1 output", (2, 2, 3, 3), (2, 2, 5, 5),
               {"stride": 1, "pad": 1}, hint=SIZE, layer="edge"), CROP),
    (conv_case("a kernel as large as the input, stride larger than the input", (1, 1, 2, 3), (1, 1, 2, 3),
               {"stride": 4, "pad": 0}, hint=FLOOR, layer="edge"), STRIDE_BACK),
    (conv_case("float32 in, float32 out", (2, 2, 5, 5), (2, 2, 3, 3), {"stride": 2, "pad": 1}, dtype=np.float32,
               hint=DTYPE, layer="polish"), DTYPE_BACK),
    *((c, DTYPE_BACK) for c in generated("random float32 shapes, size {size}",
                                         lambda rng, n: random_conv(rng, n, np.float32), sizes=[5], seeds=range(2),
                                         hint=DTYPE, layer="polish")),
]

FORWARD_HINTS = {c.name: c.hint for c, _ in SHARED}
LARGER = generated("random larger shapes, size {size}", random_conv, sizes=[16], seeds=range(3))
CORE = sum(1 for c, _ in SHARED if c.layer == "core")  # core cases first, then edge cases and polish
FORWARD_CASES = [
    *(c for c, _ in SHARED[:CORE]),
    *LARGER,
    *(c for c, _ in SHARED[CORE:]),
    conv_case("a kernel larger than the padded input is invalid", (1, 1, 3, 3), (1, 1, 4, 4),
              {"stride": 1, "pad": 0}, raises=ValueError, hint=INVALID),
    conv_case("a kernel larger than the padded input is invalid, with stride 2", (1, 1, 2, 5), (1, 1, 5, 2),
              {"stride": 2, "pad": 1}, raises=ValueError, hint=INVALID),
    conv_case("x and w with different channel counts are invalid", (1, 3, 4, 4), (1, 2, 3, 3),
              {"stride": 1, "pad": 0}, raises=ValueError, hint=CHANNELS),
]

BACKWARD_CASES = [
    *(Case(c.name, c.args, hint=backward_hint, generator=c.generator, seed=c.seed, size=c.size, tier=c.tier)
      for c, backward_hint in SHARED[:CORE]),
    *LARGER[:2],
    *(Case(c.name, c.args, hint=backward_hint, generator=c.generator, seed=c.seed, size=c.size, tier=c.tier)
      for c, backward_hint in SHARED[CORE:]),
]

# float32 sums of many products: allow a little more absolute round-off than the default.
OUT = Outputs(out=Close(atol32=1e-4), cache=Ignore())
GRAD_SPEC = Outputs(dx=Close(rtol=1e-6, atol=1e-8, atol32=1e-4), dw=Close(rtol=1e-6, atol=1e-8, atol32=1e-4),
                  db=Close(rtol=1e-6, atol=1e-8, atol32=1e-4))
NUMERIC_LIMIT = 600  # entries of x and w: larger cases skip the (slow) numerical gradient


@pytest.mark.parametrize("case", FORWARD_CASES, ids=str)
def test_conv_forward(kata, case):
    kata.check("conv_forward", case, OUT, hint=CROSS)


@pytest.mark.parametrize("case", BACKWARD_CASES, ids=str)
def test_conv_backward(kata, case):
    # Numerical gradients of small float64 cases only: float32 round-off is far above the 1e-6
    # they need, and each entry of x and w costs two forward calls.
    numeric = case.args["x"].dtype == np.float64 and case.args["x"].size + case.args["w"].size <= NUMERIC_LIMIT
    # conv is linear in x and in w: a large step h gives an exact slope with little round-off.
    grade = dict(wrt=("x", "w", "b"), expect=GRAD_SPEC, h=1e-3, hint=case.hint or GRADS,
                 grad_hints={"x": CROP, "w": DW, "b": DB}, forward_hint=FORWARD_HINTS.get(case.name, ""))
    check_backward(kata, "conv_forward", "conv_backward", case, numeric=numeric, **grade)


# -- benchmarks: pytest katas/conv2d --benchmark-only --------------------------------------------
BENCH = {"N=8 C=3 32x32 F=16 3x3 pad 1": ((8, 3, 32, 32), (16, 3, 3, 3), {"stride": 1, "pad": 1}),
         "N=16 C=16 32x32 F=32 3x3 pad 1": ((16, 16, 32, 32), (32, 16, 3, 3), {"stride": 1, "pad": 1}),
         "N=8 C=3 32x32 F=16 5x5 stride 2 pad 2": ((8, 3, 32, 32), (16, 3, 5, 5), {"stride": 2, "pad": 2})}


def forward_backward(module):
    """conv_forward then conv_backward of one module, timed as one call."""
    def run(x, w, b, conv_param, dout):
        return module.conv_backward(dout, module.conv_forward(x, w, b, conv_param)[1])
    return run


@pytest.mark.parametrize("label", list(BENCH))
def test_benchmark_conv_forward(kata_bench, label):
    kata_bench("conv_forward", conv_case("", *BENCH[label]), label=label)


@pytest.mark.parametrize("label", list(BENCH))
def test_benchmark_conv_backward(kata, kata_bench, label):
    forward = conv_case("", *BENCH[label])
    out, cache = kata.call("conv_forward", forward)  # not started or failing: reported as usual
    dout = np.random.default_rng(1).standard_normal(np.shape(out))
    kata.call("conv_backward", Case("", {"dout": dout, "cache": cache}))
    bench = Case("", {**forward.args, "dout": dout})
    kata_bench(("conv_forward + conv_backward", forward_backward), bench, label=label)
