"""Graded tests for the attention kata. Run: pytest katas/attention   (-x stops at the first failure)."""
from __future__ import annotations

import copy
import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pytest
import torch
from torch import nn

from sensei import Case, Kata, Outputs, Spec, case, generated
from sensei.compare import TensorClose
from sensei.show import describe

SDPA_SPEC = Outputs(out=TensorClose(), attn=TensorClose())

# -- hints ----------------------------------------------------------------------------------
SCALE = ("Divide the scores q k^T by sqrt(d), d = q.shape[-1], the size of one query vector. d is an "
         "int: torch.sqrt(d) raises TypeError, use math.sqrt(d) or d ** 0.5.")
NO_SCALE = "Your output equals attention WITHOUT the 1/sqrt(d) scale. " + SCALE
SCALE_BY_D = "Your output equals attention with the scores divided by d instead of sqrt(d). " + SCALE
MASK_RULE = ("A mask is True where a query MAY attend (as in torch.nn.functional.scaled_dot_product_attention): "
             "set the scores to -inf where the mask is False (scores.masked_fill(~mask, float('-inf'))), "
             "then take the softmax. Do not multiply scores or weights by the mask.")
MASK_INVERTED = ("Your output equals attention with the mask INVERTED: you blocked the keys marked True. "
                 "Here True means 'may attend'. (torch.nn.MultiheadAttention's bool attn_mask uses the "
                 "opposite convention, True = blocked; SDPA's is True = allowed.) " + MASK_RULE)
MASK_IGNORED = "Your output equals attention with NO mask: the mask was not applied. " + MASK_RULE
AXIS = ("Your attention weights sum to 1 over the queries (axis -2), not over the keys: take the "
        "softmax over the LAST axis (dim=-1), so each query's weights over the keys sum to 1.")
NORMALISE = ("Your attention weights do not sum to 1 over the keys. Apply the mask BEFORE the softmax (blocked "
             "scores set to -inf), then softmax over dim=-1: zeroing weights after the softmax leaves rows that "
             "no longer sum to 1.")
BROADCAST = ("The mask may have fewer axes than the scores ([Lq, Lk], [B, 1, Lk], [B, 1, 1, Lk]): let "
             "masked_fill broadcast it; do not index or reshape it by a fixed layout.")
MATRIX_AXES = ("Only the last two axes are matrix axes: use k.transpose(-2, -1) (k.T and transpose(0, 1) "
               "move the batch axes), and softmax over dim=-1.")
STABLE = ("exp() of a score above ~709 is inf in float64 and inf/inf is NaN: use torch.softmax (or "
          "subtract the row max before exp).")
SHAPES = "q k^T is [..., Lq, Lk]; the softmax runs over Lk; attn @ v is [..., Lq, dv]."


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
    case("a masked key with a huge score gets weight exactly 0", q=tensor([[1.0, 1.0]]),
         k=tensor([[50.0, 50.0], [0.0, 1.0], [1.0, 0.0]]), v=tensor([[100.0], [1.0], [2.0]]),
         mask=torch.tensor([[False, True, True]]),
         hint="Blocked keys must get weight exactly 0 whatever their score: fill their scores with -inf "
              "(or a very negative number) BEFORE the softmax; adding a small penalty is not enough."),
    case("an all-True mask changes nothing", q=t(_rng, 2, 3), k=t(_rng, 4, 3), v=t(_rng, 4, 3),
         mask=torch.ones(2, 4, dtype=torch.bool), hint=MASK_RULE),
    case("scores above 709 stay finite (float64)", q=t(_rng, 2, 4, scale=30.0), k=t(_rng, 3, 4, scale=30.0),
         v=t(_rng, 3, 2), hint=STABLE),
    case("float32 in, float32 out", q=t(_rng, 2, 3, 4, dtype=torch.float32), k=t(_rng, 2, 5, 4, dtype=torch.float32),
         v=t(_rng, 2, 5, 3, dtype=torch.float32), mask=PAD[:, None, :]),
    case("d = 1, a single key", q=tensor([[2.0], [-1.0]]), k=tensor([[3.0]]), v=tensor([[5.0, -5.0]]),
         hint="With a single key, every query gives it weight 1."),
    *generated("random shapes and masks, size {size}", random_sdpa, sizes=[3, 8], seeds=range(5)),
    *generated("random float32, size {size}", lambda rng, n: random_sdpa(rng, n, torch.float32), sizes=[6],
               seeds=range(3)),
]


def _matches(got, want) -> bool:
    try:
        return SDPA_SPEC.problem(got, want) is None
    except Exception:  # noqa: BLE001 - an output of the wrong kind matches nothing
        return False


def weights_axis_hint(attn) -> str:
    """AXIS when the weights sum to 1 over the queries instead of the keys; NORMALISE when they sum to 1
    over neither."""
    if not isinstance(attn, torch.Tensor) or attn.ndim < 2 or attn.shape[-1] < 2:
        return ""
    a = attn.detach().double()
    ones = lambda s: bool(torch.allclose(s, torch.ones_like(s), atol=1e-4))  # noqa: E731
    if ones(a.sum(-1)):
        return ""
    return AXIS if ones(a.sum(-2)) else NORMALISE


def sdpa_diagnosis(reference, args: dict, got) -> str:
    """Name the classic mistake the learner's output matches, if any."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return ""
    q, k, v, mask = (args.get(n) for n in ("q", "k", "v", "mask"))
    d = q.shape[-1]
    variants = [(NO_SCALE, (q * math.sqrt(d), k, v, mask)), (SCALE_BY_D, (q / math.sqrt(d), k, v, mask))]
    if mask is not None:
        variants += [(MASK_INVERTED, (q, k, v, ~mask)), (MASK_IGNORED, (q, k, v, None))]
    for hint, variant in variants:
        if d > 1 or hint not in (NO_SCALE, SCALE_BY_D):
            if _matches(got, reference(*variant)):
                return hint
    return weights_axis_hint(got[1])


def check_diagnosed(kata: Kata, name: str, case: Case, spec: Spec, diagnose) -> None:
    """kata.check, with a hint aimed at the mistake the output matches (when one does)."""
    got = kata.call(name, case)
    want = kata.expected(name, case)
    if spec.problem(got, want) is None:
        return
    swapped = isinstance(got, (tuple, list)) and len(got) == 2 and _matches((got[1], got[0]), want)
    hint = "Return the pair in this order: (out, attn)." if swapped else diagnose(got)
    kata.check(name, dataclasses.replace(case, hint=hint) if hint else case, spec)


@pytest.mark.parametrize("case", SDPA_CASES, ids=str)
def test_scaled_dot_product_attention(kata, case):
    reference = kata.reference.scaled_dot_product_attention
    check_diagnosed(kata, "scaled_dot_product_attention", case, SDPA_SPEC,
                    lambda got: sdpa_diagnosis(reference, case.args, got))


CAUSAL_CASES = [case(f"L = {L}", L=L, hint="True on AND below the diagonal (torch.tril), as a bool tensor: "
                                           "query i may attend to keys 0..i, itself included.")
                for L in (1, 2, 5)]


@pytest.mark.parametrize("case", CAUSAL_CASES, ids=str)
def test_causal_mask(kata, case):
    kata.check("causal_mask", case, TensorClose())


# -- MultiHeadAttention ---------------------------------------------------------------------
LAYERS = ("W_q", "W_k", "W_v", "W_o")
MHA_GENERIC = ("Project with W_q, W_k, W_v; split d_model into num_heads heads of d_k = d_model // num_heads; "
               "attention per head with the 1/sqrt(d_k) scale; merge the heads back; project with W_o.")
HEADS = ("Your module is right with one head but not with several: the bug is in splitting or merging the "
         "heads. Split [B, L, d_model] -> view(B, L, H, d_k) -> transpose(1, 2) -> [B, H, L, d_k]; merge "
         "with the reverse, transpose(1, 2) then reshape(B, L, d_model). A view straight to [B, H, L, d_k] "
         "(or back) without the transpose mixes positions.")
MHA_NO_SCALE = "Your output equals multi-head attention WITHOUT the 1/sqrt(d_k) scale. Divide each head's scores by sqrt(d_k)."
MHA_SCALE_D_MODEL = ("Your output equals multi-head attention with the scores divided by sqrt(d_model). Each head "
                     "works in d_k = d_model // num_heads dimensions: divide by sqrt(d_k).")
NO_W_O = ("Your output equals multi-head attention without the output projection: after merging the heads, "
          "apply W_o.")
PER_HEAD = ("attn holds the weights of every head, [B, num_heads, Lq, Lk] (like torch's "
            "average_attn_weights=False): do not average or sum over the heads.")
MHA_BROADCAST = ("The mask broadcasts to [B, num_heads, Lq, Lk] by the standard rules: [Lq, Lk], [B, 1, Lq, Lk], "
                 "[B, 1, 1, Lk] and the full shape are all valid. Apply it to the [B, H, Lq, Lk] scores as it "
                 "is; an unconditional mask.unsqueeze(1) breaks the [Lq, Lk] and [B, 1, 1, Lk] shapes.")


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

    def __str__(self) -> str:
        return Case(self.name, {}).id


MHA_CASES = [
    MHA("one head, self-attention", 4, 1, B=1, Lq=3),
    MHA("two heads, self-attention", 8, 2, Lq=5),
    MHA("four heads of d_k = 2", 8, 4, Lq=3),
    MHA("d_model 16, 4 heads: the scale is 1/sqrt(d_k) = 1/2, not 1/sqrt(16)", 16, 4, Lq=4, seed=1),
    MHA("cross-attention, Lq = 3, Lk = 6, key and value differ", 8, 2, Lq=3, Lk=6, seed=2,
        hint="Project the query with W_q, the key with W_k and the value with W_v; the output has Lq rows."),
    MHA("bias=False", 8, 2, bias=False, Lq=4, seed=3),
    MHA("causal mask [L, L]", 8, 2, Lq=5, mask="causal", seed=4, hint=MHA_BROADCAST),
    MHA("random mask [Lq, Lk] broadcast over batch and heads", 8, 2, Lq=3, Lk=5, mask="2d", seed=5,
        hint=MHA_BROADCAST),
    MHA("key padding mask [B, 1, 1, Lk]", 8, 4, Lq=4, Lk=6, mask="padding", seed=6, hint=MHA_BROADCAST),
    MHA("per-example mask [B, 1, Lq, Lk]", 8, 2, B=3, Lq=3, Lk=4, mask="batch", seed=7, hint=MHA_BROADCAST),
    MHA("full mask [B, H, Lq, Lk]", 8, 2, Lq=3, Lk=4, mask="full", seed=8, hint=MHA_BROADCAST),
    MHA("a batch of one, one query", 6, 3, B=1, Lq=1, Lk=4, seed=9),
    MHA("float32 in, float32 out", 16, 4, Lq=5, mask="causal", dtype=torch.float32, seed=10),
    MHA("larger: d_model 32, 8 heads, L = 10", 32, 8, B=3, Lq=10, mask="padding", seed=11),
]


def ctor_case(d_model: int, num_heads: int, bias: bool = True, hint: str = "") -> Case:
    return case(f"MultiHeadAttention({d_model}, {num_heads}, bias={bias})", d_model=d_model,
                num_heads=num_heads, bias=bias,
                hint=hint or "Call super().__init__() first, then create the four nn.Linear layers as attributes.")


def structure_problem(module, d_model: int, bias: bool) -> tuple[str, str] | None:
    """What the learner's module lacks of the contract's attributes: (summary, hint), or None."""
    if not isinstance(module, nn.Module):
        return (f"the instance is a {describe(module)}, not a torch.nn.Module",
                "Subclass nn.Module and call super().__init__() in __init__.")
    registered = {id(p) for p in module.parameters()}
    for name in LAYERS:
        layer = getattr(module, name, None)
        if not isinstance(layer, nn.Linear):
            return (f"{name} is {describe(layer)}, not an nn.Linear",
                    "Hold the four projections as attributes W_q, W_k, W_v, W_o, each "
                    "nn.Linear(d_model, d_model, bias=bias); the tests copy weights into them.")
        if tuple(layer.weight.shape) != (d_model, d_model) or (layer.bias is not None) != bias:
            return (f"{name} is {layer}, expected Linear(in_features={d_model}, out_features={d_model}, "
                    f"bias={bias})", "Each projection maps d_model to d_model (all heads at once), with bias=bias.")
        if not all(id(p) in registered for p in layer.parameters()):
            return (f"{name}'s parameters are not among module.parameters()",
                    "Assign the layers as attributes after super().__init__() (not in a plain list or dict), so "
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


def with_layer(module: nn.Module, name: str, scale: float | None = None) -> nn.Module:
    """A copy of the reference with W_q scaled (scale) or with `name` made the identity."""
    variant = copy.deepcopy(module)
    layer = getattr(variant, name)
    with torch.no_grad():
        if scale is not None:
            layer.weight.mul_(scale)
            if layer.bias is not None:
                layer.bias.mul_(scale)
        else:
            layer.weight.copy_(torch.eye(layer.weight.shape[0], dtype=layer.weight.dtype))
            if layer.bias is not None:
                layer.bias.zero_()
    return variant


def mha_diagnosis(kata: Kata, c: MHA, reference: nn.Module, fcase: Case, got) -> str:
    args = fcase.args
    if isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[1], torch.Tensor):
        if tuple(got[1].shape) == (c.B, args["query"].shape[1], args["key"].shape[1]):
            return PER_HEAD
    d_k = c.d_model // c.num_heads
    a = dict(args)
    variants = [(NO_W_O, with_layer(reference, "W_o"), a)]
    if c.num_heads > 1:
        variants.append((MHA_SCALE_D_MODEL, with_layer(reference, "W_q", math.sqrt(d_k / c.d_model)), a))
    if d_k > 1:
        variants.append((MHA_NO_SCALE, with_layer(reference, "W_q", math.sqrt(d_k)), a))
    if a["mask"] is not None:
        variants += [(MASK_INVERTED, reference, {**a, "mask": ~a["mask"]}), (MASK_IGNORED, reference, {**a, "mask": None})]
    with torch.no_grad():
        for hint, module, inputs in variants:
            if _matches(got, module(*inputs.values())):
                return hint
    axis = weights_axis_hint(got[1]) if isinstance(got, (tuple, list)) and len(got) == 2 else ""
    if axis or c.num_heads == 1:
        return axis
    # Right with one head (same projections) but wrong with several: the heads' split or merge.
    try:
        single = run_learner_mha(kata, c, fcase, num_heads=1)["out"]
        single_ref = kata.reference.MultiHeadAttention(c.d_model, 1, c.bias).to(c.dtype)
        set_weights([single_ref], c.d_model, c.bias, c.seed, c.dtype)
        with torch.no_grad():
            if _matches(single, single_ref(*a.values())):
                return HEADS
    except Exception:  # noqa: BLE001 - the diagnosis is a bonus; the failure is reported anyway
        pass
    return ""


def build(kata: Kata, c: MHA):
    """The reference module with the test's weights, and the forward case."""
    reference = kata.reference.MultiHeadAttention(c.d_model, c.num_heads, c.bias).to(c.dtype)
    set_weights([reference], c.d_model, c.bias, c.seed, c.dtype)
    label = (f"{c.name} (MultiHeadAttention({c.d_model}, {c.num_heads}, bias={c.bias}), "
             f"{str(c.dtype).replace('torch.', '')})")
    return reference, Case(label, mha_inputs(c), hint=c.hint or MHA_GENERIC)


def check_mha_output(kata: Kata, c: MHA, reference: nn.Module, fcase: Case, got) -> None:
    """The learner's (out, attn) against the reference's, with a hint aimed at the mistake it matches."""
    with torch.no_grad():
        want = reference(*fcase.args.values())
    if SDPA_SPEC.problem(got, want) is None:
        return
    swapped = isinstance(got, (tuple, list)) and len(got) == 2 and _matches((got[1], got[0]), want)
    hint = "Return the pair in this order: (out, attn)." if swapped else mha_diagnosis(kata, c, reference, fcase, got)
    kata.compare("forward", dataclasses.replace(fcase, hint=hint or fcase.hint), got, want, SDPA_SPEC)


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
                  hint="Compute with torch operations on the tensors themselves: torch.no_grad(), .detach(), "
                       ".data, .item() or a numpy round trip cut the graph.")
    want_out, _ = reference(*fcase.args.values())
    dout = torch.randn(want_out.shape, generator=torch.Generator().manual_seed(c.seed), dtype=want_out.dtype)
    (want_out * dout).sum().backward()
    grads = found["grads"]
    missing = [name for name, grad in grads.items() if grad is None]
    if missing:
        kata.fail("forward", fcase, f"no gradient reached {', '.join(missing)}",
                  hint="Every parameter must get a gradient from the output: is a tensor detached (.detach(), "
                       ".data, torch.no_grad()) or a projection computed but not used?")
    for name, got in grads.items():
        layer, p = name.split(".")
        want = getattr(getattr(reference, layer), p).grad
        kata.compare("forward", fcase, got, want, TensorClose(rtol=1e-6, atol=1e-9),
                     what=f"gradient of {name}",
                     hint="The outputs match but this gradient does not: is something detached or modified "
                          "in place (a masked_fill_ on a tensor autograd needs)?")


DIVIDE = "num_heads must divide d_model: raise ValueError (d_k = d_model / num_heads would not be an integer)."
INVALID = [ctor_case(8, 3, hint=DIVIDE), ctor_case(10, 4, hint=DIVIDE), ctor_case(6, 4, bias=False, hint=DIVIDE)]
for _c in INVALID:
    _c.raises = ValueError


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_heads_must_divide_d_model(kata, case):
    kata.check("MultiHeadAttention", case)
