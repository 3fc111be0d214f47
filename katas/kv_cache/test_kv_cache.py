"""Graded tests for the kv_cache kata. Run: pytest katas/kv_cache   (-x stops at the first failure).

The learner's module lives in the worker process: each test builds it there, copies the test's
weights in and runs a whole forward or a whole decode loop in ONE call (a probe), returning the
outputs of every step; the steps are compared here, one by one, with the reference's forward.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pytest
import torch
from torch import nn

from sensei import Case, Kata, case, crash, mistake
from sensei.cases import slugify
from sensei.compare import TensorClose
from sensei.mistakes import crashed
from sensei.show import describe

SPEC = TensorClose()
LAYERS = ("W_q", "W_k", "W_v", "W_o")


# -- the modules and sequences of the tests ------------------------------------------------------------
@dataclass
class Attn:
    """A CausalSelfAttention of the tests: its shape, its weights (from a seed) and its dtype."""

    d_model: int
    num_heads: int
    max_len: int
    bias: bool = True
    dtype: torch.dtype = torch.float64  # the module is moved there with .to(dtype), i.e. .double()
    seed: int = 0
    identity: bool = False  # every weight the identity (the statement's example)

    def __repr__(self) -> str:  # shown as the `module` input of a failure
        weights = "every weight the identity" if self.identity else "the test's weights"
        return (f"CausalSelfAttention({self.d_model}, {self.num_heads}, max_len={self.max_len}, bias={self.bias}) "
                f"with {weights}, {str(self.dtype).replace('torch.', '')}")


@dataclass
class Run:
    """One graded run: a module and the sequences fed to it (made from the seed, or given)."""

    name: str
    module: Attn
    B: int = 2
    L: int = 4
    hint: str = ""
    layer: str = "core"
    tokens: list | None = None  # given tokens [B, L, d_model], instead of random ones
    other_B: int | None = None  # a second sequence, decoded alternately with the first

    def __str__(self) -> str:
        return slugify(self.name)

    def sequences(self) -> list[torch.Tensor]:
        m = self.module
        if self.tokens is not None:
            return [torch.tensor(self.tokens, dtype=m.dtype)]
        gen = torch.Generator().manual_seed(1000 + m.seed)
        sizes = [self.B] + ([self.other_B] if self.other_B is not None else [])
        return [torch.randn(b, self.L, m.d_model, generator=gen, dtype=torch.float64).to(m.dtype) for b in sizes]


def set_weights(module: nn.Module, m: Attn) -> None:
    gen = torch.Generator().manual_seed(m.seed)
    with torch.no_grad():
        for name in LAYERS:
            layer = getattr(module, name)
            w = torch.randn(m.d_model, m.d_model, generator=gen, dtype=torch.float64) / math.sqrt(m.d_model)
            b = 0.3 * torch.randn(m.d_model, generator=gen, dtype=torch.float64)
            layer.weight.copy_(torch.eye(m.d_model) if m.identity else w)
            if m.bias:
                layer.bias.copy_(b)


def structure_problem(module, m: Attn) -> tuple[str, str] | None:
    """What the learner's module lacks of the contract's attributes: (summary, hint), or None."""
    if not isinstance(module, nn.Module):
        return (f"the instance is a {describe(module)}, not a torch.nn.Module",
                "CausalSelfAttention(): subclass nn.Module and call super().__init__() in __init__.")
    registered = {id(p) for p in module.parameters()}
    for name in LAYERS:
        layer = getattr(module, name, None)
        if not isinstance(layer, nn.Linear):
            return (f"{name} is {describe(layer)}, not an nn.Linear",
                    "CausalSelfAttention(): hold the four projections as attributes W_q, W_k, W_v, W_o, each "
                    "nn.Linear(d_model, d_model, bias=bias); the tests copy weights into them.")
        if tuple(layer.weight.shape) != (m.d_model, m.d_model) or (layer.bias is not None) != m.bias:
            return (f"{name} is {layer}, expected Linear(in_features={m.d_model}, out_features={m.d_model}, "
                    f"bias={m.bias})", "CausalSelfAttention(): each projection maps d_model to d_model (all heads "
                                       "at once), with bias=bias.")
        if not all(id(p) in registered for p in layer.parameters()):
            return (f"{name}'s parameters are not among module.parameters()",
                    "CausalSelfAttention(): assign the layers as attributes after super().__init__() (not in a "
                    "plain list or dict), so that nn.Module registers them (and .double() converts them).")
    return None


# -- probes: they run in the worker, on the learner's module, and return plain data ---------------------
def _built(impl, m: Attn):
    module = impl.CausalSelfAttention(m.d_model, m.num_heads, m.max_len, m.bias)
    problem = structure_problem(module, m)
    if problem:
        return None, problem
    module = module.to(m.dtype)
    set_weights(module, m)
    return module, None


def learner_forward(impl, m: Attn, x: torch.Tensor) -> dict:
    """forward(x) of the learner's module, or what its module lacks; {"raised": True} on ValueError."""
    module, problem = _built(impl, m)
    if problem:
        return {"problem": problem}
    with torch.no_grad():
        try:
            return {"out": module(x)}
        except ValueError:  # graded only where the contract wants it (L > max_len)
            if x.shape[1] <= m.max_len:
                raise
            return {"raised": True}


def learner_decode(impl, m: Attn, sequences: list, extra: torch.Tensor | None, reraise: bool = False) -> dict:
    """Decode every sequence with its own cache, the sequences taking turns step by step (a0, b0,
    a1, b1, ...); then, with `extra`, one step more on the first. Returns every step's output, and
    where decode_step raised ValueError (unless `reraise`: then the grader reports it, with the
    learner's lines) or returned something other than a pair."""
    module, problem = _built(impl, m)
    if problem:
        return {"problem": problem}
    found = {"outs": [[] for _ in sequences]}
    with torch.no_grad():
        caches = [module.init_cache(x.shape[0]) for x in sequences]
        for t in range(max(x.shape[1] for x in sequences)):
            for i, x in enumerate(sequences):
                try:
                    result = module.decode_step(x[:, t], caches[i])
                except ValueError as exc:
                    if reraise:
                        raise
                    found["raised"] = (i, t, f"ValueError: {exc}")  # the steps before it are graded first
                    return found
                if not (isinstance(result, (tuple, list)) and len(result) == 2):
                    found["returned"] = (i, t, describe(result))
                    return found
                found["outs"][i].append(result[0])
                caches[i] = result[1]
        if extra is not None:
            try:
                module.decode_step(extra, caches[0])
                found["extra"] = "returned"
            except ValueError:
                found["extra"] = "ValueError"
            except Exception as exc:  # noqa: BLE001 - any other error is reported as what was raised
                found["extra"] = f"{type(exc).__name__}: {exc}"
    return found


# -- known mistakes: what each outputs (our code, in the grading process; never shown) -----------------
def reference_module(ref, m: Attn) -> nn.Module:
    module = ref.CausalSelfAttention(m.d_model, m.num_heads, m.max_len, m.bias).to(m.dtype)
    set_weights(module, m)
    return module


def _variant(ref, m: Attn, x: torch.Tensor, *, divisor: float | str | None = None, mask: str = "causal",
             split: bool = True, merge: bool = True, value: str = "W_v", w_o: bool = True,
             float32_cache: bool = False) -> torch.Tensor:
    """The module's output [B, L, d_model] on x with one thing changed. mask: "causal" (keys 0..i),
    "none", "upper" (keys i..L-1), "before" (keys 0..i-1: the new token not yet in the cache),
    "first" (key 0 only: a [1, t+1] tril mask in a decode step)."""
    r = reference_module(ref, m)
    B, L, D = x.shape
    H, d_k = m.num_heads, D // m.num_heads

    def heads(y):
        return y.view(B, L, H, d_k).transpose(1, 2) if split else y.reshape(B, H, L, d_k)

    with torch.no_grad():
        q, k, v = heads(r.W_q(x)), heads(r.W_k(x)), heads(getattr(r, value)(x))
        if float32_cache:
            k, v = k.float().to(x.dtype), v.float().to(x.dtype)
        scale = {None: math.sqrt(d_k), "d_model": math.sqrt(D)}.get(divisor, divisor)
        scores = q @ k.transpose(-2, -1) / scale
        ones = torch.ones(L, L, dtype=torch.bool)
        allowed = {"causal": ones.tril(), "none": ones, "upper": ones.triu(), "before": ones.tril(-1),
                   "first": ones & (torch.arange(L) == 0)}[mask]
        # A query that sees no key (step 0 before appending) gets weights 0: its output is 0 before W_o.
        attn = torch.softmax(scores.masked_fill(~allowed, float("-inf")), dim=-1).nan_to_num(0.0)
        out = attn @ v
        out = (out.transpose(1, 2) if merge else out).reshape(B, L, D)
        return r.W_o(out) if w_o else out


def _several_heads(**changes):
    def gives(ref, m, x):
        if m.num_heads == 1:
            raise LookupError("one head: splitting and merging are the identity")
        return _variant(ref, m, x, **changes)
    return gives


def _last(**changes):
    """A decode step's mistake: the mistaken forward on the tokens fed so far, at the last one."""
    return lambda ref, m, tokens: _variant(ref, m, tokens, **changes)[:, -1]


def _shared_cache(ref, m: Attn, sequence_a: torch.Tensor, sequence_b: torch.Tensor) -> torch.Tensor:
    """Two sequences decoded alternately into ONE store of keys and values: one interleaved sequence
    a0, b0, a1, b1, ..., whose last token is the step being graded."""
    if sequence_a.shape[0] != sequence_b.shape[0]:
        raise LookupError("batch sizes differ: a shared store would not even concatenate")
    steps = [s[:, t] for t in range(sequence_a.shape[1]) for s in (sequence_a, sequence_b) if t < s.shape[1]]
    with torch.no_grad():
        return reference_module(ref, m)(torch.stack(steps, dim=1))[:, -1]


# -- hints ----------------------------------------------------------------------------------------------
FORWARD = ("forward(): project x with W_q, W_k, W_v; split into num_heads heads of d_k = d_model // num_heads; "
           "in each head, scores q k^T / sqrt(d_k) with the keys j > i set to -inf; softmax over the keys; merge "
           "the heads; project with W_o.")
DECODE = ("decode_step(): project the token with W_q, W_k, W_v; append its key and value to the cache; attend "
          "with its query over every cached key (itself included) exactly as forward does; merge the heads; W_o. "
          "Step t must equal forward(tokens so far)[:, t].")
LATER = ("decode_step(): step 0 is right but a later step is not: the cache must hold the keys and values of "
         "EVERY earlier token of this sequence, in order, and the query attends over all of them.")
DTYPE = ("CausalSelfAttention: outputs keep the module's and the input's dtype (float32 by default; float64 after "
         ".double()): make every tensor you create with x.dtype or the weights' dtype.")
FULL = ("decode_step(): a cache that already holds max_len tokens is full: raise ValueError (check the number of "
        "cached tokens BEFORE appending).")

SCALE_FIX = ("{f}: each head works in d_k = d_model // num_heads dimensions: divide its scores by sqrt(d_k), "
             "not sqrt(d_model).")
SPLIT_FIX = ("forward(): split with view(B, L, H, d_k).transpose(1, 2) and merge with transpose(1, 2).reshape(B, L, "
             "d_model): a view straight to [B, H, L, d_k] cuts the sequence, not the features (invisible when L = 1, "
             "as in decode_step).")
DTYPE_FIX = ("init_cache(): make the cache's tensors in the module's dtype and device, e.g. "
             "self.W_k.weight.new_zeros(...) or dtype=self.W_k.weight.dtype: torch.zeros(...) is float32 even after "
             "the module was moved to float64 with .double().")
BEFORE_FIX = ("decode_step(): append the new token's key and value to the cache FIRST, then attend over the whole "
              "cache: the token attends to itself too (step 0 would otherwise have no key at all).")
SHARED_FIX = ("decode_step(): keep the keys and values IN the cache object (created by init_cache, passed in, "
              "returned), never on self: every sequence has its own cache, and two can be decoded in turns.")
CAPACITY_FIX = ("decode_step(): a cache holds max_len tokens: raise ValueError only when it ALREADY holds max_len "
                "(before appending), so that exactly max_len steps succeed.")

MISTAKES = [
    # forward(module, x): `module` is the Attn case (shape, weights, dtype)
    mistake("forward", "the scores divided by sqrt(d_model) instead of sqrt(d_k)", fix=SCALE_FIX.format(f="forward()"),
            gives=lambda ref, m, x: _variant(ref, m, x, divisor="d_model")),
    mistake("forward", "attention WITHOUT the 1/sqrt(d_k) scale",
            fix="forward(): divide each head's scores by sqrt(d_k), d_k = d_model // num_heads.",
            gives=lambda ref, m, x: _variant(ref, m, x, divisor=1.0)),
    mistake("forward", "forward is not causal: every position attends to the later ones too",
            fix="forward(): block the future: set the scores of keys j > i to -inf (a tril mask of shape [L, L]) "
                "before the softmax.",
            gives=lambda ref, m, x: _variant(ref, m, x, mask="none")),
    mistake("forward", "the causal mask upside down: position i attends to positions i..L-1 (triu instead of tril)",
            fix="forward(): query i may attend to keys 0..i: the allowed entries are on and BELOW the diagonal "
                "(torch.ones(L, L, dtype=torch.bool).tril()).",
            gives=lambda ref, m, x: _variant(ref, m, x, mask="upper")),
    mistake("forward", "heads split with view(B, H, L, d_k), without the transpose", fix=SPLIT_FIX,
            gives=_several_heads(split=False)),
    mistake("forward", "heads merged with a reshape to [B, L, d_model], without the transpose", fix=SPLIT_FIX,
            gives=_several_heads(merge=False)),
    mistake("forward", "heads split and merged without the transposes", fix=SPLIT_FIX,
            gives=_several_heads(split=False, merge=False)),
    mistake("forward", "the value projected with W_k", fix="forward(): project the values with W_v (the keys with W_k).",
            gives=lambda ref, m, x: _variant(ref, m, x, value="W_k")),
    mistake("forward", "no output projection W_o", fix="forward(): after merging the heads, apply W_o.",
            gives=lambda ref, m, x: _variant(ref, m, x, w_o=False)),
    # decode_step(module, tokens): the step's output, for the tokens fed so far (the step is the last)
    mistake("decode_step", "a causal mask in decode_step: tril of a [1, t+1] score row lets the token see token 0 only",
            fix="decode_step(): the new token may attend to EVERY cached token (all are at or before it): no mask "
                "in a decode step (a tril of shape [1, t+1] keeps only the first key).", gives=_last(mask="first")),
    mistake("decode_step", "attending BEFORE appending the new token: step t sees tokens 0..t-1 only",
            fix=BEFORE_FIX, gives=_last(mask="before")),
    mistake("decode_step", "the value cache filled with the keys (v_cache = cat([v_cache, k]))",
            fix="decode_step(): append the token's VALUE (W_v) to the value cache; its key (W_k) goes to the key "
                "cache.", gives=_last(value="W_k")),
    mistake("decode_step", "the scores divided by sqrt(d_model) instead of sqrt(d_k)",
            fix=SCALE_FIX.format(f="decode_step()"), gives=_last(divisor="d_model")),
    mistake("decode_step", "attention WITHOUT the 1/sqrt(d_k) scale",
            fix="decode_step(): divide each head's scores by sqrt(d_k), d_k = d_model // num_heads.",
            gives=_last(divisor=1.0)),
    mistake("decode_step", "the cache kept in float32 while the module is float64 (init_cache ignores the dtype)",
            fix=DTYPE_FIX, gives=_last(float32_cache=True)),
    mistake("decode_step", "no output projection W_o", fix="decode_step(): after merging the heads, apply W_o.",
            gives=_last(w_o=False)),
    # decode_step(module, sequence_a, sequence_b): two caches decoded in turns
    mistake("decode_step", "state kept on self: one store of keys and values shared by every cache",
            fix=SHARED_FIX, gives=_shared_cache),
    # errors in the learner's code (told by words of the message; the probes blame the class)
    crash("CausalSelfAttention", "the cache made in float32 while the module is float64 (init_cache ignores the "
                                 "dtype)", fix=DTYPE_FIX, raised="expected scalar type Double but found Float"),
    crash("CausalSelfAttention", "the cache made in float32 while the module is float64 (init_cache ignores the "
                                 "dtype)", fix=DTYPE_FIX, raised="same dtype, but got Double and Float"),
    crash("CausalSelfAttention", "attending BEFORE appending the new token: at step 0 the cache is still empty",
          fix=BEFORE_FIX, raised="expected a non-empty list of Tensors"),
]


# -- checks (in the grading process) ---------------------------------------------------------------------
def ctor_case(m: Attn, hint: str = "") -> Case:
    return case(f"CausalSelfAttention({m.d_model}, {m.num_heads}, max_len={m.max_len}, bias={m.bias})",
                d_model=m.d_model, num_heads=m.num_heads, max_len=m.max_len, bias=m.bias,
                hint=hint or "CausalSelfAttention(): call super().__init__() first, then create the four nn.Linear "
                             "layers as attributes.")


def probe(kata: Kata, name: str, c: Run, inputs: dict, fn, *args) -> dict:
    """Run a probe on the learner's module; fail at once when the module lacks the contract's layers.
    `inputs` are what the failure shows (the tokens); an error in the learner's code blames `name`."""
    shown = Case(c.name, {"module": c.module, **inputs}, hint=c.hint or (FORWARD if name == "forward" else DECODE),
                 tier=c.layer)
    found = kata.run(name, shown, fn, c.module, *args, needs=("CausalSelfAttention",))
    if "problem" in found:
        summary, hint = found["problem"]
        kata.fail("CausalSelfAttention", ctor_case(c.module), summary, hint=hint)
    return found


def expected(kata: Kata, m: Attn, x: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return reference_module(kata.reference, m)(x)


def compare(kata: Kata, name: str, shown: Case, got, want) -> None:
    """The learner's output against the reference's; an output of the wrong kind or shape gets its own hint."""
    who = f"{name}()"
    if isinstance(got, (tuple, list)):
        kata.fail(name, shown, f"expected one tensor {list(want.shape)}, got {describe(got)}",
                  hint=f"{who}: return the output tensor alone" + (
                      " (not the attention weights)." if name == "forward" else
                      " as out_t, the first value of the pair (out_t, cache)."))
    shown.hint = output_hint(got, want, who, shown.hint)
    kata.compare(name, shown, got, want, SPEC)


def output_hint(got, want, who: str, default: str) -> str:
    """What to say about an output of the wrong shape; else the case's own hint."""
    if isinstance(got, torch.Tensor) and got.numel() == want.numel() and got.shape != want.shape:
        return f"{who}: the output is {list(want.shape)}: " + (
            "drop the length-1 sequence axis (out[:, 0] or squeeze(1))." if who == "decode_step()"
            else "merge the heads back to [B, L, d_model].")
    return default


def check_forward(kata: Kata, c: Run, x: torch.Tensor, got) -> None:
    want = expected(kata, c.module, x)
    compare(kata, "forward", Case(c.name, {"module": c.module, "x": x}, hint=c.hint or FORWARD, tier=c.layer),
            got, want)


def check_steps(kata: Kata, c: Run, sequences: list[torch.Tensor], found: dict) -> None:
    """Every step's output against the reference's forward at that position, in the order the steps
    ran: the first wrong step is the one reported (with the tokens fed so far as its input)."""
    names = ["sequence_a", "sequence_b"] if len(sequences) > 1 else ["tokens"]
    wants = [expected(kata, c.module, x) for x in sequences]
    stopped = found.get("raised") or found.get("returned")
    for t in range(max(x.shape[1] for x in sequences)):
        for i, x in enumerate(sequences):
            shown = shown_step(c, sequences, names, i, t)
            if stopped and stopped[:2] == (i, t):
                fail_stopped(kata, c, sequences, shown, found)
            got, want = found["outs"][i][t], wants[i][:, t]
            shown.hint = c.hint or (LATER if t > 0 and SPEC.problem(found["outs"][i][0], wants[i][:, 0]) is None
                                    else DECODE)
            compare(kata, "decode_step", shown, got, want)


def fail_stopped(kata: Kata, c: Run, sequences: list, shown: Case, found: dict) -> None:
    """decode_step returned something other than a pair, or raised ValueError, at the step `shown`
    (every step before it was right)."""
    if "returned" in found:
        kata.fail("decode_step", shown, f"decode_step() returned {found['returned'][2]}, not a pair (out_t, cache)",
                  hint="decode_step(): return the pair (out_t, cache): the caller passes that cache to the next step.")
    _, t, raised = found["raised"]
    if t == c.module.max_len - 1 and not crashed(kata.mistakes, "CausalSelfAttention", raised):
        kata.fail("decode_step", shown, f"looks like: an off-by-one capacity check, only max_len - 1 = {t} tokens "
                  f"fit (decode_step() raised {raised} when the cache held {t} tokens)", hint=CAPACITY_FIX)
    # Not the capacity: run the loop again and let the error be reported with the learner's lines.
    shown.hint = c.hint or DECODE
    kata.run("decode_step", shown, learner_decode, c.module, sequences, None, True, needs=("CausalSelfAttention",))
    kata.fail("decode_step", shown, f"decode_step() raised {raised} (not again when the loop was run a second time)",
              hint=shown.hint)


def shown_step(c: Run, sequences, names, i: int, t: int) -> Case:
    """The case shown for step t of sequence i: the tokens each sequence was fed so far."""
    args = {"module": c.module}
    for j, (x, name) in enumerate(zip(sequences, names)):
        args[name] = x[:, :t + 1 if j <= i else t]
    which = f"sequence {'ab'[i]}, " if len(sequences) > 1 else ""
    return Case(f"{c.name}: {which}step t = {t}", args, tier=c.layer)


# -- forward --------------------------------------------------------------------------------------------
EXAMPLE = Attn(2, 1, max_len=4, bias=False, identity=True)

FORWARD_RUNS = [
    Run("the statement's example: d_model 2, one head, identity weights", EXAMPLE, tokens=[[[1.0, 0.0], [0.0, 1.0]]]),
    Run("one head, L = 3", Attn(4, 1, max_len=8, seed=1), B=1, L=3),
    Run("two heads, L = 5", Attn(8, 2, max_len=8, seed=2), L=5),
    Run("d_model 16, 4 heads: the scale is 1/sqrt(d_k) = 1/2", Attn(16, 4, max_len=10, seed=3), L=6),
    Run("four heads of d_k = 2, bias=False", Attn(8, 4, max_len=6, bias=False, seed=4), B=3, L=4),
    Run("L = max_len fits", Attn(8, 2, max_len=5, seed=5), L=5, layer="edge",
        hint="forward(): a sequence of exactly max_len tokens is valid: raise only when L > max_len."),
    Run("L = 1: the one token attends to itself", Attn(8, 2, max_len=4, seed=6), B=3, L=1, layer="edge",
        hint="forward(): with one token, its softmax weight is 1: out = W_o(W_v(x)). Is the mask built for L?"),
    Run("float32 module and input", Attn(8, 2, max_len=8, dtype=torch.float32, seed=7), L=5, layer="polish",
        hint=DTYPE),
]


@pytest.mark.parametrize("c", FORWARD_RUNS, ids=str)
def test_forward(kata, c):
    x = c.sequences()[0]
    check_forward(kata, c, x, probe(kata, "forward", c, {"x": x}, learner_forward, x)["out"])


# -- decoding ---------------------------------------------------------------------------------------------
DECODE_RUNS = [
    Run("the statement's example, decoded: [1, 0] then [0, 1]", EXAMPLE, tokens=[[[1.0, 0.0], [0.0, 1.0]]]),
    Run("one head, 5 steps", Attn(4, 1, max_len=8, seed=11), B=1, L=5),
    Run("two heads, 8 steps, a batch of 3", Attn(8, 2, max_len=12, seed=12), B=3, L=8),
    Run("four heads, bias=False, 6 steps", Attn(8, 4, max_len=10, bias=False, seed=13), L=6),
    Run("d_model 32, 8 heads, 24 steps", Attn(32, 8, max_len=32, seed=14), L=24),
    Run("float32 module and tokens, 6 steps", Attn(8, 2, max_len=8, dtype=torch.float32, seed=15), L=6,
        layer="polish", hint=DTYPE),
]


@pytest.mark.parametrize("c", DECODE_RUNS, ids=str)
def test_decode_step_equals_forward_at_every_step(kata, c):
    sequences = c.sequences()
    found = probe(kata, "decode_step", c, {"tokens": sequences[0]}, learner_decode, sequences, None)
    check_steps(kata, c, sequences, found)


ALTERNATE_RUNS = [
    Run("two caches decoded in turns, same batch size", Attn(8, 2, max_len=8, seed=21), B=2, L=5, other_B=2,
        hint=SHARED_FIX),
    Run("two caches decoded in turns, batches of 1 and 3", Attn(8, 4, max_len=8, seed=22), B=1, L=6, other_B=3,
        hint=SHARED_FIX),
]


@pytest.mark.parametrize("c", ALTERNATE_RUNS, ids=str)
def test_two_caches_are_independent(kata, c):
    sequences = c.sequences()
    inputs = {"sequence_a": sequences[0], "sequence_b": sequences[1]}
    check_steps(kata, c, sequences, probe(kata, "decode_step", c, inputs, learner_decode, sequences, None))


CAPACITY_RUNS = [
    Run("max_len = 4: four steps fit, the fifth raises", Attn(8, 2, max_len=4, seed=32), B=2, L=4),
    Run("max_len = 7, one head: seven steps fit, the eighth raises", Attn(6, 1, max_len=7, seed=33), B=1, L=7),
    Run("max_len = 1: one step fits, the second raises", Attn(4, 2, max_len=1, seed=31), B=2, L=1, layer="edge"),
]


@pytest.mark.parametrize("c", CAPACITY_RUNS, ids=str)
def test_exactly_max_len_steps_fit(kata, c):
    x = c.sequences()[0]
    extra = torch.randn(x.shape[0], c.module.d_model, generator=torch.Generator().manual_seed(7), dtype=x.dtype)
    found = probe(kata, "decode_step", c, {"tokens": x}, learner_decode, [x], extra)
    check_steps(kata, c, [x], found)
    shown = Case(f"{c.name}: step t = {c.module.max_len}", {"module": c.module, "tokens": torch.cat(
        [x, extra[:, None]], dim=1)}, tier=c.layer)
    if found["extra"] == "returned":
        kata.fail("decode_step", shown, f"expected ValueError, but step t = {c.module.max_len} returned normally "
                  f"with the cache already holding max_len = {c.module.max_len} tokens", hint=FULL)
    if found["extra"] != "ValueError":
        kata.fail("decode_step", shown, f"expected ValueError, but step t = {c.module.max_len} raised "
                  f"{found['extra'][:300]}", hint=FULL)


# -- invalid input ------------------------------------------------------------------------------------------
LONG_RUNS = [
    Run("L = max_len + 1", Attn(8, 2, max_len=4, seed=41), L=5, layer="polish"),
    Run("max_len = 1, L = 2", Attn(4, 1, max_len=1, seed=42), B=1, L=2, layer="polish"),
]


@pytest.mark.parametrize("c", LONG_RUNS, ids=str)
def test_forward_longer_than_max_len_raises(kata, c):
    x = c.sequences()[0]
    found = probe(kata, "forward", c, {"x": x}, learner_forward, x)
    if not found.get("raised"):
        kata.fail("forward", Case(c.name, {"module": c.module, "x": x}, tier="polish"),
                  f"expected ValueError, but forward() returned normally on L = {x.shape[1]} > max_len = "
                  f"{c.module.max_len}", got=found.get("out"),
                  hint="forward(): the module serves sequences of at most max_len tokens: raise ValueError when "
                       "x.shape[1] > max_len.")


DIVIDE = "CausalSelfAttention(): num_heads must divide d_model: raise ValueError."
MAX_LEN = "CausalSelfAttention(): max_len is the cache's capacity, at least 1 token: raise ValueError when max_len < 1."
INVALID = [ctor_case(Attn(8, 3, max_len=16), hint=DIVIDE), ctor_case(Attn(6, 4, max_len=8, bias=False), hint=DIVIDE),
           ctor_case(Attn(8, 2, max_len=0), hint=MAX_LEN), ctor_case(Attn(4, 1, max_len=-3), hint=MAX_LEN)]
for _c in INVALID:
    _c.raises = ValueError


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid_constructor_arguments(kata, case):
    kata.check("CausalSelfAttention", case)

