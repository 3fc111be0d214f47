"""Graded tests for the attention kata. Run: pytest katas/attention   (-x stops at the first failure)."""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pytest
import torch
from torch import nn

from sensei import Case, Kata, Outputs, case, crash, generated, mistake
from sensei.compare import TensorClose
from sensei.mistakes import matching
from sensei.show import describe




SDPA_SPEC = Outputs(out=TensorClose(), attn=TensorClose())

# -- hints ----------------------------------------------------------------------------------
SDPA = "scaled_dot_product_attention()"
SCALE = f"{SDPA}: divide the scores q k^T by sqrt(d), d = q.shape[-1], the size of one query vector."
MASK_RULE = (f"{SDPA}: a mask is True where a query MAY attend: set the scores to -inf where it is False "
             "(scores.masked_fill(~mask, float('-inf'))), then take the softmax.")
AXIS = (f"{SDPA}: your attention weights sum to 1 over the queries (axis -2), not over the keys: take the "
        "softmax over the LAST axis (dim=-1).")
NORMALISE = (f"{SDPA}: your attention weights do not sum to 1 over the keys: block keys BEFORE the softmax "
             "(scores set to -inf), then softmax over dim=-1.")
BROADCAST = (f"{SDPA}: the mask may have fewer axes than the scores ([Lq, Lk], [B, 1, Lk], [B, 1, 1, Lk]): let "
             "masked_fill broadcast it; do not index or reshape it by a fixed layout.")
MATRIX_AXES = (f"{SDPA}: only the last two axes are matrix axes: use k.transpose(-2, -1) (k.T and "
               "transpose(0, 1) move the batch axes).")
STABLE = (f"{SDPA}: exp() of a score above ~709 is inf in float64 and inf/inf is NaN: use torch.softmax (or "
          "subtract the row max before exp).")
SHAPES = f"{SDPA}: q k^T is [..., Lq, Lk]; the softmax runs over Lk; attn @ v is [..., Lq, dv]."
DTYPE = f"{SDPA}: out and attn keep the inputs' dtype (float32 in, float32 out)."


# -- known mistakes: what each outputs (our code, in the grading process; never shown) -------------
def _sdpa(q, k, v, mask=None, *, divisor=None, axis=-1, masking="fill"):
    """Attention with one thing changed: the divisor of the scores, the softmax axis, or how the mask
    is applied ("fill" right, "inverted", "multiplied", "after" the softmax, "ignored")."""
    with torch.no_grad():
        scores = q @ k.transpose(-2, -1) / (math.sqrt(q.shape[-1]) if divisor is None else divisor)
        if mask is not None and masking in ("fill", "inverted"):
            scores = scores.masked_fill(mask if masking == "inverted" else ~mask, float("-inf"))
        elif mask is not None and masking == "multiplied":
            scores = scores * mask
        attn = torch.softmax(scores, dim=axis)
        if mask is not None and masking == "after":
            attn = attn * mask
        return attn @ v, attn


def _needs_mask(gives):
    def needing(ref, *args):
        if len(args) < 4 or args[3] is None:
            raise LookupError("no mask in this case")
        return gives(ref, *args)
    return needing


def _swapped(ref, *args):
    out, attn = ref.scaled_dot_product_attention(*args)
    return attn, out


MASK_FIXES = {
    "inverted": "True means 'may attend' (SDPA's convention; nn.MultiheadAttention's bool attn_mask is the "
                "opposite): block the keys where the mask is False.",
    "ignored": "apply the mask: scores set to -inf where it is False, before the softmax.",
    "multiplied": "set blocked scores to -inf BEFORE the softmax (masked_fill): a score multiplied by 0 still "
                  "gets weight.",
    "after": "block keys BEFORE the softmax (scores set to -inf): zeroing weights after it leaves rows that no "
             "longer sum to 1.",
}
MASK_NAMES = {
    "inverted": "the mask INVERTED: the keys marked True were blocked",
    "ignored": "the mask not applied",
    "multiplied": "the scores multiplied by the mask instead of set to -inf",
    "after": "the mask applied AFTER the softmax: the weights no longer sum to 1 over the keys",
}
def t(rng, *shape, dtype=torch.float64, scale=1.0):
    return (torch.from_numpy(rng.standard_normal(shape)) * scale).to(dtype)


def tensor(rows, dtype=torch.float64):
    return torch.tensor(rows, dtype=dtype)


def random_mask(rng, batch: tuple, Lq: int, Lk: int, kind: str) -> torch.Tensor | None:
    """A bool mask of a broadcastable shape with at least one True key per query."""
    if kind == "none":
        return None
    if kind == "full":
        shape = (*batch, Lq, Lk)
    elif kind == "2d":
        shape = (Lq, Lk)  # broadcast over every batch axis
    else:  # key padding: one row per example, broadcast over the other batch axes and the queries
        shape = (*batch[:1], *[1] * max(len(batch) - 1, 0), 1, Lk)
    mask = rng.random(shape) < 0.6
    mask[..., rng.integers(0, Lk)] = True  # every query keeps a key
    return torch.from_numpy(mask)


def random_sdpa(rng, size, dtype=torch.float64):
    batch = tuple(int(b) for b in rng.integers(1, 4, size=rng.integers(0, 3)))
    Lq, Lk = (int(n) for n in rng.integers(1, size + 1, size=2))
    d, dv = (int(n) for n in rng.integers(1, max(size // 2, 2) + 1, size=2))
    kind = str(rng.choice(["none", "full", "2d", "padding"]))
    return {"q": t(rng, *batch, Lq, d, dtype=dtype), "k": t(rng, *batch, Lk, d, dtype=dtype),
            "v": t(rng, *batch, Lk, dv, dtype=dtype), "mask": random_mask(rng, batch, Lq, Lk, kind)}


CAUSAL4 = torch.ones(4, 4, dtype=torch.bool).tril()
PAD = torch.tensor([[True, True, True, False, False], [True, True, True, True, True]])  # [B=2, Lk=5]
_rng = np.random.default_rng(7)

SDPA_CASES = [
    case("one query, two keys (the worked example)", q=tensor([[1.0, 0.0]]), k=tensor([[1.0, 0.0], [0.0, 1.0]]),
         v=tensor([[1.0, 2.0], [3.0, 4.0]]), hint=SCALE),
    case("d = 4: scores are divided by sqrt(4) = 2", q=tensor([[1.0, 1.0, 0.0, 0.0], [0.0, 2.0, 1.0, -1.0]]),
         k=tensor([[1.0, 1.0, 1.0, 1.0], [2.0, 0.0, 0.0, 1.0], [-1.0, 0.5, 0.0, 0.0]]),
         v=tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), hint=SCALE),
    case("Lq = 3, Lk = 5, dv = 2 (all different)", q=t(_rng, 3, 4), k=t(_rng, 5, 4), v=t(_rng, 5, 2), hint=SHAPES),
    case("batched leading axes [2, 3, L, d]", q=t(_rng, 2, 3, 4, 3), k=t(_rng, 2, 3, 5, 3), v=t(_rng, 2, 3, 5, 2),
         hint=MATRIX_AXES),
    case("causal mask [L, L]", q=t(_rng, 4, 3), k=t(_rng, 4, 3), v=t(_rng, 4, 2), mask=CAUSAL4, hint=MASK_RULE),
    case("causal mask [L, L] broadcast over a batch of 2", q=t(_rng, 2, 4, 3), k=t(_rng, 2, 4, 3),
         v=t(_rng, 2, 4, 2), mask=CAUSAL4, hint=BROADCAST),
    case("padding mask [B, 1, Lk] broadcast over the queries", q=t(_rng, 2, 3, 4), k=t(_rng, 2, 5, 4),
         v=t(_rng, 2, 5, 3), mask=PAD[:, None, :], hint=BROADCAST),
    case("padding mask [B, 1, 1, Lk] broadcast over heads and queries", q=t(_rng, 2, 2, 3, 4),
         k=t(_rng, 2, 2, 5, 4), v=t(_rng, 2, 2, 5, 3), mask=PAD[:, None, None, :], hint=BROADCAST),
    case("full mask [B, Lq, Lk]", q=t(_rng, 2, 3, 2), k=t(_rng, 2, 4, 2), v=t(_rng, 2, 4, 2),
         mask=torch.tensor([[[True, False, True, False]] * 3, [[False, False, False, True]] * 3]), hint=MASK_RULE),
    *generated("random shapes and masks, size {size}", random_sdpa, sizes=[3, 8], seeds=range(5)),
    case("a masked key with a huge score gets weight exactly 0", q=tensor([[1.0, 1.0]]),
         k=tensor([[50.0, 50.0], [0.0, 1.0], [1.0, 0.0]]), v=tensor([[100.0], [1.0], [2.0]]),
         mask=torch.tensor([[False, True, True]]), layer="edge",
         hint=f"{SDPA}: blocked keys get weight exactly 0 whatever their score: fill their scores with -inf "
              "BEFORE the softmax; a small penalty is not enough."),
    case("an all-True mask changes nothing", q=t(_rng, 2, 3), k=t(_rng, 4, 3), v=t(_rng, 4, 3),
         mask=torch.ones(2, 4, dtype=torch.bool), hint=MASK_RULE, layer="edge"),
    case("scores above 709 stay finite (float64)", q=t(_rng, 2, 4, scale=30.0), k=t(_rng, 3, 4, scale=30.0),
         v=t(_rng, 3, 2), hint=STABLE, layer="edge"),
    case("d = 1, a single key", q=tensor([[2.0], [-1.0]]), k=tensor([[3.0]]), v=tensor([[5.0, -5.0]]),
         hint=f"{SDPA}: with a single key, every query gives it weight 1.", layer="edge"),
    case("float32 in, float32 out", q=t(_rng, 2, 3, 4, dtype=torch.float32), k=t(_rng, 2, 5, 4, dtype=torch.float32),
         v=t(_rng, 2, 5, 3, dtype=torch.float32), mask=PAD[:, None, :], hint=DTYPE, layer="polish"),
    *generated("random float32, size {size}", lambda rng, n: random_sdpa(rng, n, torch.float32), sizes=[6],
               seeds=range(3), hint=DTYPE, layer="polish"),
]

def _matches(got, want) -> bool:
    try:
        return SDPA_SPEC.problem(got, want) is None
    except Exception:  # noqa: BLE001 - an output of the wrong kind matches nothing
        return False


def weights_axis_hint(attn, who: str = SDPA) -> str:
    """When no known mistake matches: AXIS when the weights sum to 1 over the queries instead of the
    keys; NORMALISE when they sum to 1 over neither."""
    if not isinstance(attn, torch.Tensor) or attn.ndim < 2 or attn.shape[-1] < 2:
        return ""
    a = attn.detach().double()
    ones = lambda s: bool(torch.allclose(s, torch.ones_like(s), atol=1e-4))  # noqa: E731
    if ones(a.sum(-1)):
        return ""
    return (AXIS if ones(a.sum(-2)) else NORMALISE).replace(SDPA, who)


# Classic mistakes that show as an error in the learner's code, told by words of its message:
# (function, words of the error, name, fix).
CRASHES = [crash(function, name, fix=fix, raised=words) for function, words, name, fix in [
    ("scaled_dot_product_attention", "sqrt(): argument 'input' (position 1) must be Tensor, not int",
     "torch.sqrt of the int d", f"{SDPA}: d = q.shape[-1] is an int: torch.sqrt(d) raises TypeError, use "
                                "math.sqrt(d) or d ** 0.5."),
]]



@pytest.mark.parametrize("case", SDPA_CASES, ids=str)
def test_scaled_dot_product_attention(kata, case):
    name = "scaled_dot_product_attention"
    got = kata.call(name, case)
    want = kata.expected(name, case)
    if SDPA_SPEC.problem(got, want) is None:
        return
    hint = ""  # no known mistake matches: what the weights say, if anything
    if not matching(kata.mistakes, name, kata.reference, case.args, got, want, SDPA_SPEC):
        hint = weights_axis_hint(got[1]) if isinstance(got, (tuple, list)) and len(got) == 2 else ""
    kata.check(name, dataclasses.replace(case, hint=hint) if hint else case, SDPA_SPEC)


CAUSAL = "causal_mask(): True on AND below the diagonal (torch.tril): query i may attend to keys 0..i."
CAUSAL_CASES = [case(f"L = {L}", L=L, hint=CAUSAL) for L in (2, 5)] + [case("L = 1", L=1, hint=CAUSAL, layer="edge")]


@pytest.mark.parametrize("case", CAUSAL_CASES, ids=str)
def test_causal_mask(kata, case):
    kata.check("causal_mask", case, TensorClose())


# -- MultiHeadAttention ---------------------------------------------------------------------
LAYERS = ("W_q", "W_k", "W_v", "W_o")
MHA_GENERIC = ("forward(): project with W_q, W_k, W_v; split into num_heads heads of d_k = d_model // num_heads; "
               "attend in each head with the 1/sqrt(d_k) scale; merge the heads; project with W_o.")
HEADS = ("forward(): your module is right with one head but not with several: the bug is in splitting or "
         "merging the heads (view(B, L, H, d_k).transpose(1, 2), and back).")
PER_HEAD = ("forward(): attn holds every head's weights, [B, num_heads, Lq, Lk] (torch's "
            "average_attn_weights=False): do not average or sum over the heads.")
MHA_BROADCAST = ("forward(): apply the mask to the [B, H, Lq, Lk] scores as it is: [Lq, Lk], [B, 1, Lq, Lk] and "
                 "[B, 1, 1, Lk] all broadcast; an unconditional mask.unsqueeze(1) breaks [Lq, Lk] and [B, 1, 1, Lk].")
MHA_DTYPE = "forward(): out and attn keep the dtype of the inputs and parameters (float32 in, float32 out)."


@dataclass
class MHA:
    """One forward case: the module's shape, the inputs' sizes and the mask kind (built in the test)."""

    name: str
    d_model: int
    num_heads: int
    bias: bool = True
    B: int = 2
    Lq: int = 4
    Lk: int | None = None  # None: self-attention (query, key and value are one tensor)
    mask: str = "none"  # none, causal, 2d, padding ([B, 1, 1, Lk]), batch ([B, 1, Lq, Lk]), full
    dtype: torch.dtype = torch.float64
    seed: int = 0
    hint: str = ""

    layer: str = "core"

    def __str__(self) -> str:
        return Case(self.name, {}).id

    def __repr__(self) -> str:  # shown as the `module` input of a failure
        return (f"MultiHeadAttention({self.d_model}, {self.num_heads}, bias={self.bias}) with the test's weights, "
                f"{str(self.dtype).replace('torch.', '')}")


MHA_CASES = [
    MHA("one head, self-attention", 4, 1, B=1, Lq=3),
    MHA("two heads, self-attention", 8, 2, Lq=5),
    MHA("four heads of d_k = 2", 8, 4, Lq=3),
    MHA("d_model 16, 4 heads: the scale is 1/sqrt(d_k) = 1/2, not 1/sqrt(16)", 16, 4, Lq=4, seed=1),
    MHA("cross-attention, Lq = 3, Lk = 6, key and value differ", 8, 2, Lq=3, Lk=6, seed=2,
        hint="forward(): project the query with W_q, the key with W_k and the value with W_v; the output has "
             "Lq rows."),
    MHA("bias=False", 8, 2, bias=False, Lq=4, seed=3),
    MHA("causal mask [L, L]", 8, 2, Lq=5, mask="causal", seed=4, hint=MHA_BROADCAST),
    MHA("random mask [Lq, Lk] broadcast over batch and heads", 8, 2, Lq=3, Lk=5, mask="2d", seed=5,
        hint=MHA_BROADCAST),
    MHA("key padding mask [B, 1, 1, Lk]", 8, 4, Lq=4, Lk=6, mask="padding", seed=6, hint=MHA_BROADCAST),
    MHA("per-example mask [B, 1, Lq, Lk]", 8, 2, B=3, Lq=3, Lk=4, mask="batch", seed=7, hint=MHA_BROADCAST),
    MHA("full mask [B, H, Lq, Lk]", 8, 2, Lq=3, Lk=4, mask="full", seed=8, hint=MHA_BROADCAST),
    MHA("larger: d_model 32, 8 heads, L = 10", 32, 8, B=3, Lq=10, mask="padding", seed=11),
    MHA("a batch of one, one query", 6, 3, B=1, Lq=1, Lk=4, seed=9, layer="edge"),
    MHA("float32 in, float32 out", 16, 4, Lq=5, mask="causal", dtype=torch.float32, seed=10, hint=MHA_DTYPE,
        layer="polish"),
]


def ctor_case(d_model: int, num_heads: int, bias: bool = True, hint: str = "") -> Case:
    return case(f"MultiHeadAttention({d_model}, {num_heads}, bias={bias})", d_model=d_model,
                num_heads=num_heads, bias=bias,
                hint=hint or "MultiHeadAttention(): call super().__init__() first, then create the four nn.Linear "
                             "layers as attributes.")


def structure_problem(module, d_model: int, bias: bool) -> tuple[str, str] | None:
    """What the learner's module lacks of the contract's attributes: (summary, hint), or None."""
    if not isinstance(module, nn.Module):
        return (f"the instance is a {describe(module)}, not a torch.nn.Module",
                "MultiHeadAttention(): subclass nn.Module and call super().__init__() in __init__.")
    registered = {id(p) for p in module.parameters()}
    for name in LAYERS:
        layer = getattr(module, name, None)
        if not isinstance(layer, nn.Linear):
            return (f"{name} is {describe(layer)}, not an nn.Linear",
                    "MultiHeadAttention(): hold the four projections as attributes W_q, W_k, W_v, W_o, each "
                    "nn.Linear(d_model, d_model, bias=bias); the tests copy weights into them.")
        if tuple(layer.weight.shape) != (d_model, d_model) or (layer.bias is not None) != bias:
            return (f"{name} is {layer}, expected Linear(in_features={d_model}, out_features={d_model}, "
                    f"bias={bias})", "MultiHeadAttention(): each projection maps d_model to d_model (all heads at once), with bias=bias.")
        if not all(id(p) in registered for p in layer.parameters()):
            return (f"{name}'s parameters are not among module.parameters()",
                    "MultiHeadAttention(): assign the layers as attributes after super().__init__() (not in a plain list or dict), so "
                    "that nn.Module registers them.")
    return None


def learner_mha(impl, c: MHA, num_heads: int | None = None, inputs: dict | None = None,
                dout_seed: int | None = None) -> dict:
    """Runs in the worker, on the learner's module: build MultiHeadAttention, check its attributes,
    copy the test's weights in, run forward (and backward with a random upstream gradient).
    Returns plain data: the attribute problem, the outputs, the gradients of every parameter."""
    heads = c.num_heads if num_heads is None else num_heads
    module = impl.MultiHeadAttention(c.d_model, heads, c.bias)
    found = {"problem": structure_problem(module, c.d_model, c.bias)}
    if found["problem"] or inputs is None:
        return found
    module = module.to(c.dtype)
    set_weights([module], c.d_model, c.bias, c.seed, c.dtype)
    if dout_seed is None:
        with torch.no_grad():
            found["out"] = module(*inputs.values())
        return found
    found["out"] = got = module(*inputs.values())
    out = got[0] if isinstance(got, (tuple, list)) and got else got
    found["requires_grad"] = isinstance(out, torch.Tensor) and out.requires_grad
    if found["requires_grad"]:
        dout = torch.randn(out.shape, generator=torch.Generator().manual_seed(dout_seed), dtype=out.dtype)
        (out * dout).sum().backward()
        found["grads"] = {f"{layer}.{p}": getattr(getattr(module, layer), p).grad
                          for layer in LAYERS for p in (("weight", "bias") if c.bias else ("weight",))}
    return found


def run_learner_mha(kata: Kata, c: MHA, fcase: Case | None = None, **kw) -> dict:
    """The learner's module built (its attributes checked) and, with `fcase`, run on its inputs."""
    ctor = ctor_case(c.d_model, kw.get("num_heads") or c.num_heads, c.bias)
    name, blamed = ("forward", fcase) if fcase is not None else ("MultiHeadAttention", ctor)
    found = kata.run(name, blamed, learner_mha, c, kw.get("num_heads"), fcase.args if fcase else None,
                     kw.get("dout_seed"), needs=("MultiHeadAttention",))
    if found["problem"]:
        kata.fail("MultiHeadAttention", ctor, found["problem"][0], hint=found["problem"][1])
    return found


def set_weights(modules, d_model: int, bias: bool, seed: int, dtype) -> None:
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name in LAYERS:
            w = torch.randn(d_model, d_model, generator=gen, dtype=torch.float64) / math.sqrt(d_model)
            b = 0.3 * torch.randn(d_model, generator=gen, dtype=torch.float64)
            for module in modules:
                layer = getattr(module, name)
                layer.weight.copy_(w.to(dtype))
                if bias:
                    layer.bias.copy_(b.to(dtype))


def mha_inputs(c: MHA) -> dict:
    gen = torch.Generator().manual_seed(1000 + c.seed)
    rand = lambda *shape: torch.randn(*shape, generator=gen, dtype=torch.float64).to(c.dtype)  # noqa: E731
    query = rand(c.B, c.Lq, c.d_model)
    if c.Lk is None:
        key = value = query
    else:
        key, value = rand(c.B, c.Lk, c.d_model), rand(c.B, c.Lk, c.d_model)
    Lk = key.shape[1]
    H = c.num_heads
    rng = np.random.default_rng(c.seed)
    shape = {"none": None, "causal": None, "2d": (c.Lq, Lk), "padding": (c.B, 1, 1, Lk),
             "batch": (c.B, 1, c.Lq, Lk), "full": (c.B, H, c.Lq, Lk)}[c.mask]
    mask = None
    if c.mask == "causal":
        mask = torch.ones(c.Lq, Lk, dtype=torch.bool).tril()
    elif shape is not None:
        m = rng.random(shape) < 0.6
        m[..., 0] = True  # every query keeps a key
        mask = torch.from_numpy(m)
    return {"query": query, "key": key, "value": value, "mask": mask}


def reference_mha(ref, c: MHA) -> nn.Module:
    """The reference's module with the test's weights."""
    module = ref.MultiHeadAttention(c.d_model, c.num_heads, c.bias).to(c.dtype)
    set_weights([module], c.d_model, c.bias, c.seed, c.dtype)
    return module


def _mha(ref, c: MHA, query, key, value, mask=None, *, value_layer="W_v", w_o=True, split="transpose",
         merge="transpose", divisor=None, average=False, masking="fill"):
    """Multi-head attention with the test's weights and one thing changed (our code, never shown)."""
    m = reference_mha(ref, c)
    H, d_k = c.num_heads, c.d_model // c.num_heads

    def heads(x):
        B, L, _ = x.shape
        return x.view(B, L, H, d_k).transpose(1, 2) if split == "transpose" else x.reshape(B, H, L, d_k)

    with torch.no_grad():
        q, k, v = heads(m.W_q(query)), heads(m.W_k(key)), heads(getattr(m, value_layer)(value))
        out, attn = _sdpa(q, k, v, mask, divisor=divisor, masking=masking)
        B, Lq = query.shape[:2]
        out = (out.transpose(1, 2) if merge == "transpose" else out).reshape(B, Lq, c.d_model)
        return (m.W_o(out) if w_o else out), (attn.mean(dim=1) if average else attn)


def _mha_swapped(ref, c, *inputs):
    with torch.no_grad():
        out, attn = reference_mha(ref, c)(*inputs)
    return attn, out


def _several_heads(gives):
    def needing(ref, c, *inputs):
        if c.num_heads == 1:
            raise LookupError("one head: splitting and merging are the identity")
        return gives(ref, c, *inputs)
    return needing


MISTAKES = [
    # scaled_dot_product_attention(q, k, v, mask=None)
    mistake("scaled_dot_product_attention", "attention WITHOUT the 1/sqrt(d) scale",
            fix=f"{SDPA}: divide the scores q k^T by sqrt(d), d = q.shape[-1].",
            gives=lambda ref, q, k, v, mask=None: _sdpa(q, k, v, mask, divisor=1.0)),
    mistake("scaled_dot_product_attention", "the scores divided by d instead of sqrt(d)",
            fix=f"{SDPA}: divide the scores by sqrt(d), not by d.",
            gives=lambda ref, q, k, v, mask=None: _sdpa(q, k, v, mask, divisor=q.shape[-1])),
    mistake("scaled_dot_product_attention", "(attn, out) returned instead of (out, attn)",
            fix=f"{SDPA}: return the pair in this order: (out, attn).", gives=_swapped),
    mistake("scaled_dot_product_attention", "the softmax taken over the queries (dim=-2), not the keys",
            fix=f"{SDPA}: take the softmax over the keys, the LAST axis (dim=-1): each query's weights sum to 1.",
            gives=lambda ref, q, k, v, mask=None: _sdpa(q, k, v, mask, axis=-2)),
    *(mistake("scaled_dot_product_attention", MASK_NAMES[how], fix=f"{SDPA}: {MASK_FIXES[how]}",
              gives=_needs_mask(lambda ref, q, k, v, mask, how=how: _sdpa(
                  q, k, v, None if how == "ignored" else mask, masking=how)))
      for how in MASK_NAMES),
    # causal_mask(L)
    mistake("causal_mask", "True on and ABOVE the diagonal (triu instead of tril)", fix=CAUSAL,
            gives=lambda ref, L: ref.causal_mask(L).T.contiguous()),
    # forward(module, query, key, value, mask=None): `module` is the MHA case (shape, weights, dtype)
    mistake("forward", "multi-head attention without the output projection W_o",
            fix="forward(): after merging the heads, apply the output projection W_o.",
            gives=lambda ref, c, *inputs: _mha(ref, c, *inputs, w_o=False)),
    mistake("forward", "the value projected with W_k", fix="forward(): project the value with W_v (the key with W_k).",
            gives=lambda ref, c, *inputs: _mha(ref, c, *inputs, value_layer="W_k")),
    mistake("forward", "the scores divided by sqrt(d_model) instead of sqrt(d_k)",
            fix="forward(): each head works in d_k = d_model // num_heads dimensions: divide its scores by "
                "sqrt(d_k).",
            gives=lambda ref, c, *inputs: _mha(ref, c, *inputs, divisor=math.sqrt(c.d_model))),
    mistake("forward", "multi-head attention WITHOUT the 1/sqrt(d_k) scale",
            fix="forward(): divide each head's scores by sqrt(d_k), d_k = d_model // num_heads.",
            gives=lambda ref, c, *inputs: _mha(ref, c, *inputs, divisor=1.0)),
    mistake("forward", "attention weights averaged over the heads", fix=PER_HEAD,
            gives=lambda ref, c, *inputs: _mha(ref, c, *inputs, average=True)),
    mistake("forward", "heads split AND merged by plain reshapes, without the transposes",
            fix="forward(): split with view(B, L, H, d_k).transpose(1, 2) and merge with "
                "transpose(1, 2).reshape(B, L, d_model): plain reshapes mix positions.",
            gives=_several_heads(lambda ref, c, *inputs: _mha(ref, c, *inputs, split="reshape", merge="reshape"))),
    mistake("forward", "heads split by a plain reshape to [B, H, L, d_k], without the transpose",
            fix="forward(): split with view(B, L, H, d_k).transpose(1, 2): a reshape straight to [B, H, L, d_k] "
                "mixes positions.",
            gives=_several_heads(lambda ref, c, *inputs: _mha(ref, c, *inputs, split="reshape"))),
    mistake("forward", "heads merged by a plain reshape to [B, L, d_model], without the transpose",
            fix="forward(): merge with out.transpose(1, 2).reshape(B, L, d_model): reshaping [B, H, L, d_k] "
                "straight back mixes positions.",
            gives=_several_heads(lambda ref, c, *inputs: _mha(ref, c, *inputs, merge="reshape"))),
    mistake("forward", "(attn, out) returned instead of (out, attn)",
            fix="forward(): return the pair in this order: (out, attn).", gives=_mha_swapped),
    *(mistake("forward", MASK_NAMES[how], fix=f"forward(): {MASK_FIXES[how]}",
              gives=lambda ref, c, q, k, v, mask=None, how=how: _mha(
                  ref, c, q, k, v, None if how == "ignored" else _require(mask), masking=how))
      for how in MASK_NAMES),
    *CRASHES,
]


def _require(mask):
    if mask is None:
        raise LookupError("no mask in this case")
    return mask


def fallback_hint(kata: Kata, c: MHA, fcase: Case, got) -> str:
    """What to say when no known mistake matches: per-head weights by their shape, the weights' sums,
    or a module right with one head but not several (the heads' split or merge)."""
    args = fcase.args
    if isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[1], torch.Tensor):
        if tuple(got[1].shape) == (c.B, args["query"].shape[1], args["key"].shape[1]):
            return PER_HEAD
    axis = weights_axis_hint(got[1], "forward()") if isinstance(got, (tuple, list)) and len(got) == 2 else ""
    if axis or c.num_heads == 1:
        return axis
    try:
        single = run_learner_mha(kata, c, fcase, num_heads=1)["out"]
        with torch.no_grad():
            if _matches(single, reference_mha(kata.reference, dataclasses.replace(c, num_heads=1))(*args.values())):
                return HEADS
    except Exception:  # noqa: BLE001 - the diagnosis is a bonus; the failure is reported anyway
        pass
    return ""


def build(kata: Kata, c: MHA):
    """The reference module with the test's weights, and the forward case."""
    label = (f"{c.name} (MultiHeadAttention({c.d_model}, {c.num_heads}, bias={c.bias}), "
             f"{str(c.dtype).replace('torch.', '')})")
    return reference_mha(kata.reference, c), Case(label, mha_inputs(c), hint=c.hint or MHA_GENERIC, tier=c.layer)


def check_mha_output(kata: Kata, c: MHA, reference: nn.Module, fcase: Case, got) -> None:
    """The learner's (out, attn) against the reference's; a known mistake is named (MISTAKES: the
    case's `module` argument tells them the module's shape and weights)."""
    with torch.no_grad():
        want = reference(*fcase.args.values())
    if SDPA_SPEC.problem(got, want) is None:
        return
    shown = dataclasses.replace(fcase, args={"module": c, **fcase.args})
    if not matching(kata.mistakes, "forward", kata.reference, shown.args, got, want, SDPA_SPEC):
        shown.hint = fallback_hint(kata, c, fcase, got) or fcase.hint
    kata.compare("forward", shown, got, want, SDPA_SPEC)


@pytest.mark.parametrize("c", MHA_CASES, ids=str)
def test_multi_head_attention(kata, c):
    reference, fcase = build(kata, c)
    check_mha_output(kata, c, reference, fcase, run_learner_mha(kata, c, fcase)["out"])


@pytest.mark.parametrize("c", [MHA("gradients, causal mask", 8, 2, Lq=5, mask="causal", seed=20),
                               MHA("gradients, cross-attention without bias", 8, 4, bias=False, Lq=3, Lk=5,
                                   seed=21)], ids=str)
def test_gradients_reach_every_parameter(kata, c):
    reference, fcase = build(kata, c)
    found = run_learner_mha(kata, c, fcase, dout_seed=c.seed)
    check_mha_output(kata, c, reference, fcase, found["out"])
    if not found["requires_grad"]:
        kata.fail("forward", fcase, "the output does not require grad: autograd cannot reach the weights",
                  hint="forward(): compute with torch operations on the tensors themselves: torch.no_grad(), .detach(), "
                       ".data, .item() or a numpy round trip cut the graph.")
    want_out, _ = reference(*fcase.args.values())
    dout = torch.randn(want_out.shape, generator=torch.Generator().manual_seed(c.seed), dtype=want_out.dtype)
    (want_out * dout).sum().backward()
    grads = found["grads"]
    missing = [name for name, grad in grads.items() if grad is None]
    if missing:
        kata.fail("forward", fcase, f"no gradient reached {', '.join(missing)}",
                  hint="forward(): every parameter must get a gradient from the output: is a tensor detached "
                       "(.detach(), .data, torch.no_grad()) or a projection computed but not used?")
    for name, got in grads.items():
        layer, p = name.split(".")
        want = getattr(getattr(reference, layer), p).grad
        kata.compare("forward", fcase, got, want, TensorClose(rtol=1e-6, atol=1e-9),
                     what=f"gradient of {name}",
                     hint="forward(): the outputs match but this gradient does not: is something detached or "
                          "modified in place (a masked_fill_ on a tensor autograd needs)?")


DIVIDE = "MultiHeadAttention(): num_heads must divide d_model: raise ValueError (d_k = d_model / num_heads would not be an integer)."
INVALID = [ctor_case(8, 3, hint=DIVIDE), ctor_case(10, 4, hint=DIVIDE), ctor_case(6, 4, bias=False, hint=DIVIDE)]
for _c in INVALID:
    _c.raises = ValueError


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_heads_must_divide_d_model(kata, case):
    kata.check("MultiHeadAttention", case)
