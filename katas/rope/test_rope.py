"""Graded tests for the rope kata. Run: pytest katas/rope   (-x stops at the first failure)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pytest
import torch

from sensei import Case, Kata, Outputs, case, crash, generated, mistake
from sensei.compare import TensorClose
from sensei.mistakes import matching


@dataclass
class RopeClose(TensorClose):
    """TensorClose with this kata's words for a wrong dtype or shape (a local extension: sensei's
    TensorClose has one generic dtype hint and no shape hint)."""

    dtype_hint: str = ""
    shape_hint: str = ""

    def problem(self, got, expected):
        found = super().problem(got, expected)
        if found is not None and found.summary.startswith("wrong dtype") and self.dtype_hint:
            found.hint = self.dtype_hint
        if found is not None and found.summary.startswith("wrong shape") and self.shape_hint:
            found.hint = self.shape_hint
        return found


# -- hints ----------------------------------------------------------------------------------
ROTATE = ("rotate_half(): split the LAST axis into halves x1 = x[..., :d/2], x2 = x[..., d/2:] and return "
          "(-x2, x1) concatenated along the last axis.")
TABLES = ("rope_tables(): theta_j = base ** (-2j / d) for j = 0 .. d/2 - 1; angle = position * theta_j (float64); "
          "column j and column j + d/2 hold the same angle.")
APPLY = ("apply_rope(): row x[..., i, :] has position offset + i; out = x * cos + rotate_half(x) * sin with the "
         "half-split tables: pair (x_j, x_{j+d/2}) turns by (offset + i) * theta_j.")
HALF_SPLIT = ("this kata uses the HALF-SPLIT convention (HF LLaMA, GPT-NeoX): coordinate j is paired with "
              "j + d/2, not with its neighbour")
OFFSET = ("apply_rope(): positions start at `offset` (the tokens already in the KV cache): row i has position "
          "offset + i, also when L = 1.")
SEQ_AXIS = ("apply_rope(): the sequence is the SECOND-TO-LAST axis whatever the leading axes: L, d = x.shape[-2:]; "
            "the [L, d] tables then broadcast over [L, d], [B, L, d] and [B, h, L, d].")
BASE = "{fn}(): use the `base` argument (LLaMA 3 uses 500000), not a hard-coded 10000."
FLOAT64 = ("{fn}(): your values are close but lose digits, more for larger positions: a float32 step in the "
           "angles (torch.arange(0, d, 2) / d and .float() are float32). Compute theta and position * theta in float64 "
           "(dtype=torch.float64, positions.to(torch.float64)); cast the cos/sin tables to x's dtype only at the end.")
TABLES_DTYPE = ("rope_tables(): the tables are float64 whatever the positions' dtype: compute theta and the angles "
                "in float64 (p * theta at p ~ 1e4 loses digits in float32).")
APPLY_DTYPE = ("apply_rope(): the output has x's dtype when x is float (float32 stays float32: cast the float64 "
               "tables with cos.to(x.dtype)); integer x gives float64.")
ROTATE_DTYPE = "rotate_half(): keep x's dtype: only slice, negate and concatenate."

ROTATE_SPEC = RopeClose(dtype_hint=ROTATE_DTYPE, shape_hint="rotate_half(): the output has x's shape: split and "
                        "concatenate along the LAST axis (dim=-1).")
TABLE_SPEC = RopeClose(dtype_hint=TABLES_DTYPE, shape_hint="rope_tables(): each table is [L, d]: the d/2 angles of a "
                       "position written twice, cat([angles, angles], -1).")
TABLES_SPEC = Outputs(cos=TABLE_SPEC, sin=TABLE_SPEC)
APPLY_SPEC = RopeClose(dtype_hint=APPLY_DTYPE, shape_hint="apply_rope(): the output has x's shape; a larger one means "
                       "your [L, d] tables broadcast against the wrong axes: L = x.shape[-2], the second-to-last axis.")


# -- known mistakes: what each outputs (our code, in the grading process; never shown) -------------
def _angles(positions, d, base, factor=2.0):
    """[L, d/2] angles position * base ** (-factor j / d), in float64."""
    j = torch.arange(d // 2, dtype=torch.float64)
    return torch.as_tensor(positions).to(torch.float64)[:, None] * base ** (-factor * j / d)


def _layout(table, how):
    """The [L, d/2] table laid out as [L, d]: "cat" (half-split), "interleave" (adjacent pairs), "half" (not doubled)."""
    return {"cat": lambda: torch.cat([table, table], -1), "interleave": lambda: table.repeat_interleave(2, -1),
            "half": lambda: table}[how]()


def _turn(x, pairs):
    """x's partners with the sign of a +90 degree turn: "half" (-x2, x1) or "adjacent" (-x1, x0, -x3, x2, ...)."""
    if pairs == "half":
        x1, x2 = x.chunk(2, dim=-1)
        return torch.cat([-x2, x1], dim=-1)
    return torch.stack([-x[..., 1::2], x[..., 0::2]], dim=-1).flatten(-2)


def _tables(positions, d, base=10000.0, *, layout="cat", factor=2.0, swap=False):
    ang = _angles(positions, d, base, factor)
    cos, sin = _layout(ang.cos(), layout), _layout(ang.sin(), layout)
    return (sin, cos) if swap else (cos, sin)


def _rope(x, offset=0, base=10000.0, *, layout="cat", pairs="half", factor=2.0, axis=-2, sign=1.0, shift=0):
    """apply_rope with one thing changed: the tables' layout, the pairs rotated, theta's exponent, the
    sequence axis, the turning direction, the positions' start."""
    if axis != -2 and x.ndim < 3:
        raise LookupError("no leading axis to mistake for the sequence")
    x = x.to(x.dtype if x.is_floating_point() else torch.float64)
    x = x.transpose(axis, -2) if axis != -2 else x
    L, d = x.shape[-2:]
    cos, sin = _tables(torch.arange(L) + offset + shift, d, base, layout=layout, factor=factor)
    out = x * cos.to(x.dtype) + sign * _turn(x, pairs) * sin.to(x.dtype)
    return out.transpose(axis, -2) if axis != -2 else out


def _other_base(gives):
    def needing(ref, *args):
        if len(args) < 3 or args[2] == 10000.0:
            raise LookupError("the default base")
        return gives(ref, *args)
    return needing


INTERLEAVED = "the INTERLEAVED convention (GPT-J, RoFormer, Meta's LLaMA): adjacent pairs (x_2j, x_2j+1) rotated"
MISTAKES = [
    # rotate_half(x)
    mistake("rotate_half", "the INTERLEAVED convention: adjacent pairs (x_2j, x_2j+1) turned, not the two halves",
            fix=f"rotate_half(): {HALF_SPLIT}: return cat([-x2, x1], -1) for the halves x1 = x[..., :d/2], "
                "x2 = x[..., d/2:].",
            gives=lambda ref, x: _turn(x, "adjacent")),
    mistake("rotate_half", "the minus sign on the wrong half: (x2, -x1) instead of (-x2, x1)",
            fix="rotate_half(): negate the SECOND half and put it first: cat([-x2, x1], -1).",
            gives=lambda ref, x: -_turn(x, "half")),
    mistake("rotate_half", "the halves swapped without the minus sign",
            fix="rotate_half(): negate the second half as it moves first: cat([-x2, x1], -1) (a +90 degree turn).",
            gives=lambda ref, x: torch.cat(x.chunk(2, dim=-1)[::-1], dim=-1)),
    # rope_tables(positions, d, base=10000.0)
    mistake("rope_tables", "the INTERLEAVED layout: each angle repeated in place (repeat_interleave)",
            fix=f"rope_tables(): {HALF_SPLIT}: write the d/2 angles twice, cat([angles, angles], -1), so that "
                "columns j and j + d/2 share theta_j.",
            gives=lambda ref, p, d, base=10000.0: _tables(p, d, base, layout="interleave")),
    mistake("rope_tables", "tables of d/2 columns: the angles not written twice",
            fix="rope_tables(): each table is [L, d]: cat([angles, angles], -1), one angle for x_j and x_{j+d/2}.",
            gives=lambda ref, p, d, base=10000.0: _tables(p, d, base, layout="half")),
    mistake("rope_tables", "theta_j = base ** (-j / d): the factor 2 lost (arange(d // 2) / d)",
            fix="rope_tables(): theta_j = base ** (-2j / d): the exponent is arange(0, d, 2) / d (or 2 * arange(d // 2) "
                "/ d), which runs from 0 to almost 1.",
            gives=lambda ref, p, d, base=10000.0: _tables(p, d, base, factor=1.0)),
    mistake("rope_tables", "theta_j = base ** (+2j / d): the minus sign of the exponent lost",
            fix="rope_tables(): theta_j = base ** (-2j / d) decreases from 1: the later pairs turn slower.",
            gives=lambda ref, p, d, base=10000.0: _tables(p, d, base, factor=-2.0)),
    mistake("rope_tables", "the base argument ignored (10000 hard-coded)", fix=BASE.format(fn="rope_tables"),
            gives=_other_base(lambda ref, p, d, base: ref.rope_tables(p, d))),
    mistake("rope_tables", "positions 0 .. L-1 used instead of the positions given",
            fix="rope_tables(): use the positions you are given, as they are (unsorted, with gaps): angle = "
                "positions[r] * theta_j, not arange(L).",
            gives=lambda ref, p, d, base=10000.0: _tables(torch.arange(len(p)), d, base)),
    mistake("rope_tables", "(sin, cos) returned instead of (cos, sin)",
            fix="rope_tables(): return the pair in this order: (cos, sin).",
            gives=lambda ref, p, d, base=10000.0: _tables(p, d, base, swap=True)),
    # apply_rope(x, offset=0, base=10000.0): the classic mix-up first
    mistake("apply_rope", INTERLEAVED,
            fix=f"apply_rope(): {HALF_SPLIT}: out = x * cos + rotate_half(x) * sin with the cat([angles, angles]) "
                "tables. (Both are valid RoPE but not interchangeable: checkpoints expect one of them.)",
            gives=lambda ref, x, offset=0, base=10000.0: _rope(x, offset, base, layout="interleave", pairs="adjacent")),
    mistake("apply_rope", "the two conventions MIXED: an interleaved table (repeat_interleave) with rotate_half",
            fix="apply_rope(): rotate_half pairs x_j with x_{j+d/2}, so both must use theta_j: build the tables with "
                "cat([angles, angles], -1), not repeat_interleave.",
            gives=lambda ref, x, offset=0, base=10000.0: _rope(x, offset, base, layout="interleave")),
    mistake("apply_rope", "the two conventions MIXED: a half-split table (cat) with adjacent pairs turned",
            fix="apply_rope(): the cat([angles, angles]) tables pair x_j with x_{j+d/2}: turn the HALVES "
                "(rotate_half: cat([-x2, x1], -1)), not adjacent pairs.",
            gives=lambda ref, x, offset=0, base=10000.0: _rope(x, offset, base, pairs="adjacent")),
    mistake("apply_rope", "the offset ignored: positions start at 0", fix=OFFSET,
            gives=lambda ref, x, offset=0, base=10000.0: ref.apply_rope(x, 0, base)),
    mistake("apply_rope", "positions off by one: row i at offset + i + 1",
            fix="apply_rope(): the first row of x has position offset + 0: torch.arange(offset, offset + L).",
            gives=lambda ref, x, offset=0, base=10000.0: _rope(x, offset, base, shift=1)),
    mistake("apply_rope", "the sequence axis taken as dim 1 (right for [B, L, h, d]; here x is [B, h, L, d])",
            fix=SEQ_AXIS, gives=lambda ref, x, offset=0, base=10000.0: _rope(x, offset, base, axis=1)),
    mistake("apply_rope", "the sequence axis taken as dim 0 (right for [L, d] only)", fix=SEQ_AXIS,
            gives=lambda ref, x, offset=0, base=10000.0: _rope(x, offset, base, axis=0)),
    mistake("apply_rope", "the rotation turned the wrong way (by -angle): rotate_half's minus sign on the wrong half",
            fix="apply_rope(): out = x * cos + rotate_half(x) * sin with rotate_half(x) = cat([-x2, x1], -1): "
                "x_j' = x_j cos - x_{j+d/2} sin.",
            gives=lambda ref, x, offset=0, base=10000.0: _rope(x, offset, base, sign=-1.0)),
    mistake("apply_rope", "theta_j = base ** (-j / d): the factor 2 lost (arange(d // 2) / d)",
            fix="apply_rope(): theta_j = base ** (-2j / d): the exponent is arange(0, d, 2) / d.",
            gives=lambda ref, x, offset=0, base=10000.0: _rope(x, offset, base, factor=1.0)),
    mistake("apply_rope", "theta_j = base ** (+2j / d): the minus sign of the exponent lost",
            fix="apply_rope(): theta_j = base ** (-2j / d) decreases from 1.",
            gives=lambda ref, x, offset=0, base=10000.0: _rope(x, offset, base, factor=-2.0)),
    mistake("apply_rope", "the base argument ignored (10000 hard-coded)", fix=BASE.format(fn="apply_rope"),
            gives=_other_base(lambda ref, x, offset, base: ref.apply_rope(x, offset))),
    # errors in the learner's code, told by words of their message
    crash("apply_rope", "a fixed number of axes unpacked from x.shape",
          fix="apply_rope(): x may be [L, d], [B, L, d] or [B, h, L, d]: read L, d = x.shape[-2:] only.",
          raised="values to unpack"),
    crash("apply_rope", "tables that do not line up with x: the sequence length read from the wrong axis?",
          fix=SEQ_AXIS, raised="must match the size of tensor"),
    crash("rope_tables", "the integer positions multiplied by float angles in an op that wants one dtype",
          fix="rope_tables(): convert the positions first: positions.to(torch.float64).",
          raised="to have the same dtype"),
    crash("rope_tables", "d / 2 is a float where an int is needed", fix="rope_tables(): d // 2 is the number of pairs.",
          raised="'float' object cannot be interpreted as an integer"),
]


# -- inputs ---------------------------------------------------------------------------------------
def t(rng, *shape, dtype=torch.float64):
    return torch.from_numpy(rng.standard_normal(shape)).to(dtype)


def tensor(rows, dtype=torch.float64):
    return torch.tensor(rows, dtype=dtype)


def ints(values, dtype=torch.int64):
    return torch.tensor(values, dtype=dtype)


def random_rotate(rng, size, dtype=torch.float64):
    lead = tuple(int(n) for n in rng.integers(1, 4, size=rng.integers(0, 3)))
    return {"x": t(rng, *lead, 2 * int(rng.integers(1, size + 1)), dtype=dtype)}


def random_tables(rng, size):
    L = int(rng.integers(1, size + 1))
    positions = torch.from_numpy(rng.choice(30 * size, size=L, replace=False))  # unsorted, with gaps
    return {"positions": positions, "d": 2 * int(rng.integers(1, size + 1)),
            "base": float(rng.choice([10000.0, 500000.0, 100.0]))}


def random_apply(rng, size, dtype=torch.float64):
    lead = tuple(int(n) for n in rng.integers(1, 4, size=rng.integers(0, 3)))
    L, d = int(rng.integers(1, size + 1)), 2 * int(rng.integers(1, size + 1))
    return {"x": t(rng, *lead, L, d, dtype=dtype), "offset": int(rng.integers(0, 40)),
            "base": float(rng.choice([10000.0, 500000.0, 100.0]))}


_rng = np.random.default_rng(21)

ROTATE_CASES = [
    case("d = 4, one row", x=tensor([[1.0, 2.0, 3.0, 4.0]]), hint=ROTATE),
    case("d = 6, three rows", x=tensor([[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.5, -1.0, 0.0, 2.0, 3.0, -4.0],
                                        [1.0, 1.0, 1.0, -1.0, -1.0, -1.0]]), hint=ROTATE),
    case("[B, h, L, d] = [2, 3, 4, 8]: only the last axis is split", x=t(_rng, 2, 3, 4, 8),
         hint="rotate_half(): split along dim=-1 (x.chunk(2, dim=-1)); chunk(2) without dim splits the FIRST axis."),
    *generated("random shape, size {size}", random_rotate, sizes=[3, 8], seeds=range(3), hint=ROTATE),
    case("d = 2: (a, b) becomes (-b, a)", x=tensor([[1.0, 2.0], [3.0, -1.0]]), hint=ROTATE, layer="edge"),
    case("a single vector [d]", x=tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), layer="edge",
         hint="rotate_half(): x may be a single vector: index the last axis with x[..., :d // 2], not x[:, :d // 2]."),
    case("float32 stays float32", x=t(_rng, 3, 8, dtype=torch.float32), hint=ROTATE_DTYPE, layer="polish"),
    case("d = 5 is odd", x=t(_rng, 2, 5), raises=ValueError,
         hint="rotate_half(): an odd d has no halves: raise ValueError."),
    case("d = 0", x=torch.zeros(2, 0, dtype=torch.float64), raises=ValueError,
         hint="rotate_half(): d < 2 has no pair to turn: raise ValueError."),
]


@pytest.mark.parametrize("case", ROTATE_CASES, ids=str)
def test_rotate_half(kata, case):
    kata.check("rotate_half", case, ROTATE_SPEC)


# -- a diagnosis when no known mistake matches: angles that lost digits ------------------------------
def lost_digits(got, want, positions) -> bool:
    """Whether the learner's numbers are off by what float32 angles give: an error that grows with the
    position (|error| <~ 1e-6 (1 + |p|)), small overall, and 0 where p = 0."""
    pairs = list(zip(got, want)) if isinstance(want, tuple) else [(got, want)]
    try:
        p = positions.to(torch.float64).abs()[:, None]  # [L, 1], against the [..., L, d] outputs
        errors = [(g.detach().double() - w.double()).abs() for g, w in pairs]
        return all(e.shape[-2:] == (len(p), e.shape[-1]) and bool((e <= 1e-6 * (1 + p)).all())
                   and float(e.max()) < 0.05 for e in errors) and any(float(e.max()) > 0 for e in errors)
    except Exception:  # noqa: BLE001 - outputs of the wrong kind: no diagnosis
        return False


def rotation_hint(x, got) -> str:
    """What the learner's apply_rope output says when no known mistake matches: not a rotation of the
    pairs (x_j, x_{j+d/2}) (the norms change), or a rotation by the wrong angles."""
    if not isinstance(got, torch.Tensor) or got.shape != x.shape or x.ndim < 2 or x.shape[-1] < 2:
        return ""
    x, y = x.double(), got.detach().double()
    if torch.allclose(pair_norms(y), pair_norms(x), rtol=1e-6, atol=1e-9):
        return ("apply_rope(): each pair (x_j, x_{j+d/2}) keeps its norm, so you do rotate the right pairs, but by "
                "other angles than (offset + i) * theta_j: check theta_j = base ** (-2j / d), the positions "
                "offset .. offset + L - 1 and that they run along axis -2.")
    if torch.allclose(pair_norms(y), pair_norms(x, "adjacent"), rtol=1e-6, atol=1e-9):
        return ("apply_rope(): your output's pairs (out_j, out_{j+d/2}) carry the norms of ADJACENT input pairs "
                f"(x_2j, x_2j+1): you read the interleaved pairs and write half-split ones. {HALF_SPLIT[0].upper()}"
                f"{HALF_SPLIT[1:]}: read "
                "x_j with x_{j+d/2}.")
    return ("apply_rope(): your output is not a rotation of the pairs (x_j, x_{j+d/2}): their norms change. "
            "Columns j and j + d/2 need the same angle, and out_j = x_j cos - x_{j+d/2} sin, "
            "out_{j+d/2} = x_j sin + x_{j+d/2} cos.")


def graded(kata: Kata, name: str, case: Case, spec, positions, fn: str) -> None:
    """kata.check, with the FLOAT64 hint when the learner's values look like float32 angles, and only
    the spec's hint for a wrong dtype or shape."""
    if case.raises is None:
        got = kata.call(name, case)
        want = kata.expected(name, case)
        problem = spec.problem(got, want)
        if problem is None:
            return
        if "wrong dtype" in problem.summary or "wrong shape" in problem.summary:
            case = dataclasses.replace(case, hint="")  # the spec's own hint says it better
        elif not matching(kata.mistakes, name, kata.reference, case.args, got, want, spec):
            if lost_digits(got, want, positions):
                case = dataclasses.replace(case, hint=FLOAT64.format(fn=fn))
            elif name == "apply_rope":
                case = dataclasses.replace(case, hint=rotation_hint(case.args["x"], got) or case.hint)
    kata.check(name, case, spec)


TABLES_CASES = [
    case("d = 4, positions [0, 1, 2]", positions=ints([0, 1, 2]), d=4, hint=TABLES),
    case("d = 8, positions 0 .. 5", positions=torch.arange(6), d=8, hint=TABLES),
    case("unsorted positions with gaps", positions=ints([7, 0, 3, 42, 5]), d=6,
         hint="rope_tables(): row r is for positions[r], as given (unsorted, with gaps): not arange(L)."),
    case("base 500000 (LLaMA 3)", positions=ints([0, 3, 10, 11]), d=8, base=500000.0, hint=BASE.format(fn="rope_tables")),
    case("base 10, d = 6", positions=ints([1, 2, 5]), d=6, base=10.0, hint=BASE.format(fn="rope_tables")),
    *generated("random positions, size {size}", random_tables, sizes=[4, 12], seeds=range(3), hint=TABLES),
    case("positions 100000 and beyond: float64 angles", positions=ints([100000, 123457, 3, 999999]), d=8,
         hint=FLOAT64.format(fn="rope_tables"), layer="edge"),
    case("negative positions", positions=ints([-5, -1, 0, 2]), d=4, layer="edge",
         hint="rope_tables(): positions are any integers, negative ones too: angle = position * theta_j."),
    case("d = 2: one angle per position", positions=ints([0, 1, 7]), d=2, hint=TABLES, layer="edge"),
    case("no positions: [0, d] tables", positions=torch.zeros(0, dtype=torch.int64), d=4, layer="edge",
         hint="rope_tables(): L = 0 positions give two empty [0, d] tables."),
    case("int32 positions give float64 tables", positions=ints([0, 4, 2], torch.int32), d=4, hint=TABLES_DTYPE,
         layer="polish"),
    case("d = 5 is odd", positions=ints([0, 1]), d=5, raises=ValueError,
         hint="rope_tables(): RoPE turns pairs: an odd d raises ValueError."),
    case("d = 0", positions=ints([0, 1]), d=0, raises=ValueError,
         hint="rope_tables(): d < 2 has no pair: raise ValueError."),
]


@pytest.mark.parametrize("case", TABLES_CASES, ids=str)
def test_rope_tables(kata, case):
    graded(kata, "rope_tables", case, TABLES_SPEC, case.args["positions"], "rope_tables")


APPLY_CASES = [
    case("[[1, 0, 0, 0]] at offset 1 (the worked example)", x=tensor([[1.0, 0.0, 0.0, 0.0]]), offset=1, hint=APPLY),
    case("[[0, 1, 0, 0]] at offset 1 (the worked example)", x=tensor([[0.0, 1.0, 0.0, 0.0]]), offset=1, hint=APPLY),
    case("[L, d] = [5, 8] from position 0", x=t(_rng, 5, 8), hint=APPLY),
    case("[B, L, d] = [2, 5, 6]", x=t(_rng, 2, 5, 6), hint=SEQ_AXIS),
    case("[B, h, L, d] = [2, 3, 5, 8]: the sequence is axis -2", x=t(_rng, 2, 3, 5, 8), hint=SEQ_AXIS),
    case("offset 7: a KV cache holds 7 tokens", x=t(_rng, 2, 3, 4, 8), offset=7, hint=OFFSET),
    case("decoding one token (L = 1) at offset 12", x=t(_rng, 2, 4, 1, 8), offset=12, hint=OFFSET),
    case("base 500000 (LLaMA 3)", x=t(_rng, 3, 8), offset=2, base=500000.0, hint=BASE.format(fn="apply_rope")),
    *generated("random shape, offset and base, size {size}", random_apply, sizes=[4, 10], seeds=range(4), hint=APPLY),
    case("offset 100000: float64 angles", x=t(_rng, 2, 3, 8), offset=100000, hint=FLOAT64.format(fn="apply_rope"),
         layer="edge"),
    case("d = 2: one pair per row", x=t(_rng, 4, 2), offset=3, hint=APPLY, layer="edge"),
    case("an empty sequence (L = 0)", x=torch.zeros(2, 0, 4, dtype=torch.float64), offset=5, layer="edge",
         hint="apply_rope(): L = 0 rows give an empty output of x's shape."),
    case("5-D input [2, 2, 2, 3, 4]", x=t(_rng, 2, 2, 2, 3, 4), offset=1, hint=SEQ_AXIS, layer="edge"),
    case("float32 at offset 100000: float64 angles, float32 out", x=t(_rng, 3, 8, dtype=torch.float32),
         offset=100000, hint=FLOAT64.format(fn="apply_rope"), layer="edge"),
    case("float32 in, float32 out", x=t(_rng, 2, 3, 4, 8, dtype=torch.float32), offset=3, hint=APPLY_DTYPE,
         layer="polish"),
    case("integer x gives float64", x=torch.tensor([[1, 0, 2, -1], [0, 3, 1, 1]]), offset=1, hint=APPLY_DTYPE,
         layer="polish"),
    *generated("random float32, size {size}", lambda rng, n: random_apply(rng, n, torch.float32), sizes=[6],
               seeds=range(2), hint=APPLY_DTYPE, layer="polish"),
    case("x with one axis [d]", x=tensor([1.0, 0.0, 0.0, 0.0]), raises=ValueError,
         hint="apply_rope(): x is [..., L, d]: fewer than 2 axes raises ValueError."),
    case("d = 3 is odd", x=t(_rng, 4, 3), raises=ValueError,
         hint="apply_rope(): an odd d has no halves: raise ValueError."),
    case("d = 0", x=torch.zeros(2, 3, 0, dtype=torch.float64), raises=ValueError,
         hint="apply_rope(): d < 2 has no pair to turn: raise ValueError."),
]


def sequence_positions(case: Case) -> torch.Tensor:
    x, offset = case.args["x"], case.args.get("offset", 0)
    return torch.arange(x.shape[-2]) + offset if x.ndim >= 2 else torch.zeros(0)


@pytest.mark.parametrize("case", APPLY_CASES, ids=str)
def test_apply_rope(kata, case):
    graded(kata, "apply_rope", case, APPLY_SPEC, sequence_positions(case), "apply_rope")


# -- properties: what makes it a rotary embedding, checked on the learner's own outputs ---------------
def pair_norms(x: torch.Tensor, pairs: str = "half") -> torch.Tensor:
    """The norm of each rotated pair: (x_j, x_{j+d/2}) ("half") or (x_2j, x_2j+1) ("adjacent")."""
    if pairs == "half":
        a, b = x.chunk(2, dim=-1)
    else:
        a, b = x[..., 0::2], x[..., 1::2]
    return torch.sqrt(a * a + b * b)


NORM_CASES = [
    case("norm of each pair, [B, h, L, d] = [2, 3, 6, 8], offset 5", x=t(_rng, 2, 3, 6, 8), offset=5),
    case("norm of each pair, offset 100000", x=t(_rng, 4, 10), offset=100000),
]


@pytest.mark.parametrize("case", NORM_CASES, ids=str)
def test_apply_rope_keeps_the_norm_of_each_pair(kata, case):
    x = case.args["x"]
    got = kata.call("apply_rope", case)
    if not isinstance(got, torch.Tensor) or got.shape != x.shape:
        kata.fail("apply_rope", case, f"expected a tensor of x's shape {tuple(x.shape)}", got=got,
                  hint="apply_rope(): the output has x's shape.")
    before, after = pair_norms(x), pair_norms(got.detach().double())
    if torch.allclose(after, before, rtol=1e-9, atol=1e-12):
        return
    worst = tuple(int(i) for i in torch.nonzero(~torch.isclose(after, before, rtol=1e-9, atol=1e-12))[0])
    d2 = x.shape[-1] // 2
    details = [f"pair (x_j, x_j+d/2) with j = {worst[-1]} in row {list(worst[:-1])}: norm {before[worst].item():.6g} "
               f"before, {after[worst].item():.6g} after"]
    if torch.allclose(pair_norms(got.detach().double(), "adjacent"), pair_norms(x, "adjacent"), rtol=1e-9, atol=1e-12):
        hint = (f"apply_rope(): you keep the norms of ADJACENT pairs (x_2j, x_2j+1): {INTERLEAVED}. {HALF_SPLIT}: "
                f"pair j is (x_j, x_j+{d2}).")
    else:
        hint = ("apply_rope(): RoPE ROTATES each pair (x_j, x_{j+d/2}) by an angle: its norm never changes. Both "
                "coordinates of a pair must use the same angle (cos in both columns j and j + d/2, likewise sin), "
                "and x_j' = x_j cos - x_{j+d/2} sin, x_{j+d/2}' = x_{j+d/2} cos + x_j sin.")
    kata.fail("apply_rope", case, "a pair's norm changed: this is not a rotation", details=details, hint=hint)


def relative_scores(impl, q: torch.Tensor, k: torch.Tensor, L: int, offsets: list) -> list:
    """Runs in the worker: for each (a, b), the scores of q at positions a .. a+L-1 against k at positions
    b .. b+L-1, with the learner's apply_rope (one call per query block and per key block)."""
    Q, K = q.repeat(L, 1), k.repeat(L, 1)  # [L, d]: the same vector at every position
    return [impl.apply_rope(Q, a) @ impl.apply_rope(K, b).T for a, b in offsets]


@pytest.mark.parametrize("seed", [0, 1], ids=lambda s: f"seed={s}")
def test_scores_depend_only_on_the_relative_position(kata, seed):
    """<apply_rope(q, m), apply_rope(k, n)> depends on m - n only (and does depend on it)."""
    rng = np.random.default_rng(100 + seed)
    q, k, L = t(rng, 8), t(rng, 8), 4
    offsets = [(0, 0), (0, 5), (5, 0), (3, 7), (100, 96), (1000, 1003)]
    shown = case(f"q and k at positions m and n, d = 8, seed={seed}", q=q, k=k)
    scores = kata.run("apply_rope", shown, relative_scores, q, k, L, offsets)
    by_distance: dict[int, list] = {}
    for (a, b), s in zip(offsets, scores):
        if not isinstance(s, torch.Tensor) or s.shape != (L, L):
            kata.fail("apply_rope", shown, f"apply_rope(q [{L}, 8], offset) gave a wrong shape",
                      hint="apply_rope(): the output has x's shape.")
        for i in range(L):
            for j in range(L):
                by_distance.setdefault((a + i) - (b + j), []).append((a + i, b + j, float(s[i, j])))
    scale = float(q.norm() * k.norm())
    for m_minus_n, seen in sorted(by_distance.items()):
        first = seen[0]
        for other in seen[1:]:
            if abs(other[2] - first[2]) > 1e-9 * scale:
                kata.fail("apply_rope", shown, f"q.k at positions (m, n) = {first[:2]} is {first[2]:.10g} but at "
                          f"{other[:2]} it is {other[2]:.10g}: same m - n = {m_minus_n}, different scores",
                          hint="apply_rope(): the score of a query at position m and a key at position n must depend "
                               "on m - n only. It does when row i is at position offset + i and each pair "
                               "(x_j, x_{j+d/2}) is rotated by position * theta_j, the same rule for q and k.")
    means = [seen[0][2] for seen in by_distance.values()]
    if max(means) - min(means) < 1e-6 * scale:
        kata.fail("apply_rope", shown, "q.k is the same at every distance m - n: the positions change nothing",
                  hint="apply_rope(): rotate each pair by (offset + i) * theta_j; an angle of 0 everywhere leaves x "
                       "unchanged.")
