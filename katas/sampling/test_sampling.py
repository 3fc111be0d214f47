"""Graded tests for the sampling kata. Run: pytest katas/sampling   (-x stops at the first failure).

The filters are graded exactly against the reference. `sample` is random and the way it draws is yours,
so it is graded by its distribution: many draws in ONE call of yours (a batch of copies of the same
rows), counted, and every count held to within 6 standard deviations of what the reference's filtered
softmax expects (a correct sampler fails that about once in a billion). Greedy decoding (temperature 0)
is exact.
"""
from dataclasses import dataclass

import numpy as np
import pytest

from sensei import Close, Exact, Problem, Spec, case, crash, generated, mistake
from sensei.data import a
from sensei.show import describe

TEMPERATURE, TOP_K, TOP_P, SAMPLE = "apply_temperature", "top_k_filter", "top_p_filter", "sample"
DRAWS = 4_000  # draws of each row in a distribution test: one call of sample() on a batch of copies
EXAMPLE = np.log([0.5, 0.2, 0.2, 0.1])  # the statement's worked example


class Seeded(np.random.Generator):
    """np.random.default_rng(seed), shown as such in failure messages (a copy sent to your code is a plain
    Generator in the same state)."""

    def __init__(self, seed: int):
        super().__init__(np.random.PCG64(seed))
        self.seed = seed

    def __repr__(self) -> str:
        return f"np.random.default_rng({self.seed})"


# -- hints ----------------------------------------------------------------------------------------
DIVIDE = "apply_temperature(): divide the logits by the temperature (T > 1 flattens, T < 1 sharpens)."
KTH_TIES = ("top_k_filter(): keep every logit >= the k-th largest VALUE of its row: tokens tied with it all "
            "survive, so more than k may. Sorting indices and keeping the first k drops ties by index.")
K_PER_ROW = ("top_k_filter(): find the k-th largest of EACH row, along the last axis (axis=-1), not of the whole "
             "array or along axis 0.")
K_ALL = "top_k_filter(): k >= V keeps every token: return a copy of the logits (no indexing past the end)."
K_INF = ("top_k_filter(): -inf logits stay -inf; when fewer than k logits are finite, the k-th largest is -inf "
         "and every finite logit is kept.")
CROSSING = ("top_p_filter(): the token whose probability crosses p is KEPT: a token stays when the mass of the "
            "tokens strictly more probable than it is < p. Removing where the cumulative sum exceeds p drops it.")
P_TIES = ("top_p_filter(): tokens tied with the last kept token are kept too (equal logits have equal "
          "probabilities): cut at that token's VALUE, not after a position in the sorted order.")
P_ROWS = ("top_p_filter(): every row is its own distribution: softmax along the last axis with keepdims=True, "
          "sort and cumsum along axis=-1.")
P_ONE = ("top_p_filter(): p = 1 keeps every token, even those whose probability underflows to 0: return the "
         "logits unchanged.")
P_INF = "top_p_filter(): -inf logits have probability 0 and stay -inf; the finite ones are filtered as usual."
OVERFLOW = ("{fn}(): exp() of logits near 1000 overflows to inf (inf/inf is NaN): subtract each row's max before "
            "exp(); softmax(x) = softmax(x - max).")
GREEDY = ("sample(): temperature 0 is greedy: return the argmax of each row (np.argmax, the lowest index on ties) "
          "without dividing by 0 and without drawing.")
ORDER = ("sample(): the order is temperature, then top-k, then top-p (the nucleus is measured on the tempered "
         "distribution that top-k left), then draw from the softmax of what remains.")
BOTH = "sample(): apply every filter that is not None: with both, top_k_filter first, then top_p_filter."
DRAW = ("sample(): draw from softmax(top_p(top_k(logits / T))), row by row, with rng (rng.random, rng.choice or "
        "rng.gumbel).")
SHARED = ("sample(): draw independent randomness for every row: one uniform per row (rng.random(size=...)) or "
          "Gumbel noise of the logits' shape, never one number for the whole batch.")
NOT_RANDOM = ("sample(): at temperature > 0, draw at random from the filtered softmax with rng; the argmax is "
              "for temperature 0 only.")
ANEW = ("sample(): draw with the caller's `rng` itself (not a copy, not a generator re-made from a seed on every "
        "call): its state carries on, so the next call draws anew.")
SAME_SEED = ("sample(): draw only from the `rng` you are given: np.random.choice, np.random.rand, ... use numpy's "
             "global state, so generators seeded alike give different tokens.")
SEED_IGNORED = ("sample(): draw from the `rng` you are given; a generator made inside sample() (a fixed seed) "
                "gives the same tokens whatever the caller's generator.")
INT64 = ("sample(): token ids are int64: np.argmax/np.searchsorted give int64 (.astype(np.int64) if needed); "
         "for 1-D logits return a numpy integer or a 0-d array (np.int64(i)), not a Python int.")


# -- what each filter does, with one mistake's knob turned (our code, never shown) -----------------
def rows_of(x):
    x = np.asarray(x)
    return x.reshape(-1, x.shape[-1])


def stable_softmax(x, shift=True):
    x = np.asarray(x, np.float64)
    z = x - np.max(x, axis=-1, keepdims=True) if shift else x
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def removed(x, keep):
    return np.where(keep, x, x.dtype.type(-np.inf))


def top_k_variant(x, k, how):
    x = np.asarray(x)
    V = x.shape[-1]
    desc = -np.sort(-x, axis=-1)
    if how == "exactly k":
        order = np.argsort(-x, axis=-1, kind="stable")
        keep = np.zeros(x.shape, bool)
        np.put_along_axis(keep, order[..., :k], True, axis=-1)
        return removed(x, keep)
    if how == "k + 1":
        return x.copy() if k + 1 >= V else removed(x, x >= desc[..., k:k + 1])
    if how == "strict":
        return x.copy() if k >= V else removed(x, x > desc[..., k - 1:k])
    if how == "whole array":
        return removed(x, x >= np.sort(x, axis=None)[::-1][k - 1])
    raise ValueError(how)


def nucleus(x, p, *, crossing=True, ties=True, shift=True, whole_batch=False, p_one=True, before="previous"):
    """top_p_filter with knobs: crossing=False removes where the inclusive cumsum > p; ties=False cuts after
    a position of the (stable) sorted order; shift=False has no max shift; whole_batch normalises by the
    whole array; p_one=False filters at p = 1 too. `before`: how the mass before a sorted token is read,
    which matters only when an overflow made it NaN: "previous" (the previous cumsum), "keep if below"
    (cumsum - prob < p) or "remove if not below" (not cumsum - prob >= p)."""
    x = np.asarray(x)
    if p == 1 and p_one:
        return x.copy()
    with np.errstate(all="ignore"):
        if whole_batch:
            e = np.exp(x.astype(np.float64) - (np.max(x) if shift else 0))
            probs = e / np.sum(e)
        else:
            probs = stable_softmax(x, shift)
        keep = np.zeros(x.shape, bool)
        for r, (row, pr) in enumerate(zip(rows_of(x), rows_of(probs))):
            order = np.argsort(-row, kind="stable")
            sorted_probs = pr[order]
            cum = np.cumsum(sorted_probs)
            if not crossing:
                kept_sorted = cum <= p
            elif before == "keep if below":
                kept_sorted = cum - sorted_probs < p
            elif before == "remove if not below":
                kept_sorted = ~(cum - sorted_probs >= p)
            else:
                kept_sorted = np.concatenate([[True], cum[:-1] < p])
            k = np.zeros(len(row), bool)
            k[order[kept_sorted]] = True
            if ties and k.any():
                k |= row >= row[k].min()
            rows_of(keep)[r] = k
    return removed(x, keep)


def distribution(ref, logits, temperature, top_k, top_p, order="tkp"):
    """The probabilities sample() draws from, the steps applied in `order` (t: temperature, k: top-k, p: top-p;
    T: multiplied by the temperature)."""
    x = np.asarray(logits, np.float64)
    for step in order:
        if step == "t":
            x = x / temperature
        elif step == "T":
            x = x * temperature
        elif step == "k" and top_k is not None:
            x = ref.top_k_filter(x, top_k)
        elif step == "p" and top_p is not None:
            x = ref.top_p_filter(x, top_p)
    return stable_softmax(x)


def drawn_as(order):
    return lambda ref, logits, rng, temperature=1.0, top_k=None, top_p=None: distribution(
        ref, logits, temperature, top_k, top_p, order)


MISTAKES = [
    mistake(TEMPERATURE, "logits multiplied by the temperature instead of divided", fix=DIVIDE,
            gives=lambda ref, logits, t: logits * t),
    mistake(TOP_K, "exactly k tokens kept: the ties at the k-th value dropped", fix=KTH_TIES,
            gives=lambda ref, x, k: top_k_variant(x, k, "exactly k")),
    mistake(TOP_K, "k + 1 tokens kept (the k-th largest read one place too far)",
            fix="top_k_filter(): the k-th largest is at position k - 1 of a descending sort (position V - k of an "
                "ascending one); keep the logits >= it.",
            gives=lambda ref, x, k: top_k_variant(x, k, "k + 1")),
    mistake(TOP_K, "the k-th largest itself removed (> instead of >=)",
            fix="top_k_filter(): keep the logits >= the k-th largest (the k-th itself and its ties stay).",
            gives=lambda ref, x, k: top_k_variant(x, k, "strict")),
    mistake(TOP_K, "the k-th largest of the whole batch, not of each row", fix=K_PER_ROW,
            gives=lambda ref, x, k: top_k_variant(x, k, "whole array")),
    crash(TOP_K, "k >= V indexed past the end of the row", fix=K_ALL, raised="out of bounds"),
    mistake(TOP_P, "the token that crosses p removed (kept only while the cumulative sum <= p)", fix=CROSSING,
            gives=lambda ref, x, p: nucleus(x, p, crossing=False)),
    mistake(TOP_P, "the tokens tied with the last kept token removed (cut at a sorted position)", fix=P_TIES,
            gives=lambda ref, x, p: nucleus(x, p, ties=False)),
    # Before the whole-batch softmax: on rows that overflow, the two can give the same tokens.
    *[mistake(TOP_P, "softmax without the max shift: exp() overflows", fix=OVERFLOW.format(fn=TOP_P),
              gives=lambda ref, x, p, how=how: nucleus(x, p, shift=False, before=how))
      for how in ("previous", "keep if below", "remove if not below")],
    mistake(TOP_P, "softmax over the whole batch, not each row", fix=P_ROWS,
            gives=lambda ref, x, p: nucleus(x, p, whole_batch=True)),
    mistake(TOP_P, "p = 1 still filters: tokens of probability 0 removed", fix=P_ONE,
            gives=lambda ref, x, p: nucleus(x, p, p_one=False)),
    mistake(SAMPLE, "top-p applied before temperature", fix=ORDER, gives=drawn_as("kpt")),
    mistake(SAMPLE, "top-p applied before top-k", fix=ORDER, gives=drawn_as("tpk")),
    mistake(SAMPLE, "top-p applied before temperature", fix=ORDER, gives=drawn_as("pkt")),
    mistake(SAMPLE, "temperature ignored",
            fix="sample(): divide the logits by the temperature first (apply_temperature), then filter and draw.",
            gives=drawn_as("kp")),
    mistake(SAMPLE, "logits multiplied by the temperature instead of divided",
            fix="sample(): divide the logits by the temperature before the filters (T < 1 sharpens).",
            gives=drawn_as("Tkp")),
    mistake(SAMPLE, "top_k not applied", fix=BOTH, gives=drawn_as("tp")),
    mistake(SAMPLE, "top_p not applied", fix=BOTH, gives=drawn_as("tk")),
    crash(SAMPLE, "probabilities that do not sum to 1 given to rng.choice",
          fix="sample(): rng.choice(V, p=probs) wants float64 probabilities summing to 1: take the softmax of the "
              "FILTERED logits (removed tokens -inf), in float64 (float32 sums are off by ~1e-7).",
          raised="probabilities do not sum to 1"),
]


# -- specs ------------------------------------------------------------------------------------------
def _ids(mask):
    return np.flatnonzero(mask).tolist()


@dataclass
class Filtered(Spec):
    """A filter's output: the kept tokens (finite or not -inf) and their logits, exactly."""

    def problem(self, got, expected):
        expected = np.asarray(expected)
        if not isinstance(got, np.ndarray):
            return Problem(f"expected a numpy array, got {describe(got)}",
                           hint="Return a numpy array of the logits' shape (removed tokens -inf).")
        if got.shape != expected.shape:
            return Problem(f"wrong shape: expected {expected.shape}, got {got.shape}",
                           hint="A filter returns an array of the logits' shape: removed tokens are -inf, "
                                "not dropped from the row.")
        if got.dtype != expected.dtype:
            return Problem(f"wrong dtype: expected {expected.dtype}, got {got.dtype}",
                           hint="Keep the logits' dtype (float32 in, float32 out): -inf written with np.where(..., "
                                "-np.inf) stays in it; an array made with np.full(shape, -np.inf) is float64.")
        kept_got, kept_want = got != -np.inf, expected != -np.inf
        if (kept_got != kept_want).any():
            r = int(np.argwhere(rows_of(kept_got) != rows_of(kept_want))[0][0])
            where = f"row {[int(i) for i in np.unravel_index(r, expected.shape[:-1])]}: " if expected.ndim > 1 else ""
            g, w = rows_of(kept_got)[r], rows_of(kept_want)[r]
            details = [f"{where}kept tokens {_ids(g)}, expected {_ids(w)}",
                       f"{int((kept_got & ~kept_want).sum())} tokens kept that should be removed, "
                       f"{int((~kept_got & kept_want).sum())} removed that should be kept"]
            hint = ""
            should_go = got[kept_got & ~kept_want]
            if should_go.size and np.all(np.isfinite(should_go) & (should_go <= -1e8)):
                hint = "Removed tokens are -inf exactly, not a large negative number."
            return Problem("wrong tokens kept", details, hint)
        if not np.array_equal(got[kept_want], expected[kept_want]):
            i = tuple(int(j) for j in np.argwhere(kept_want & (got != expected))[0])
            return Problem("a kept logit changed", [f"at {list(i)}: expected {expected[i]!r}, got {got[i]!r}"],
                           hint="Kept logits are returned unchanged (exactly the input's values).")
        return None


def token_problem(got, shape):
    """Token ids: an int64 array of `shape`; for 1-D logits (shape ()), a numpy integer or a 0-d array."""
    if isinstance(got, np.integer):
        got = np.asarray(got)
    if shape == () and isinstance(got, int) and not isinstance(got, bool):
        return Problem("wrong dtype: expected a numpy int64 token id, got a Python int", hint=INT64)
    if not isinstance(got, np.ndarray):
        return Problem(f"expected a numpy array of token ids, got {describe(got)}", hint=INT64)
    if got.shape != shape:
        return Problem(f"wrong shape: expected {shape} (one token per row: logits.shape[:-1]), got {got.shape}",
                       hint="sample(): one token id per row: the output's shape is logits.shape[:-1]; reduce "
                            "over the last axis only.")
    if got.dtype != np.int64:
        return Problem(f"wrong dtype: expected int64, got {got.dtype}", hint=INT64)
    return None


@dataclass
class Tokens(Spec):
    """Token ids equal to the expected ones (greedy decoding)."""

    def problem(self, got, expected):
        want = np.asarray(expected)
        found = token_problem(got, want.shape)
        if found:
            return found
        return Exact().problem(np.asarray(got), want)


@dataclass
class Drawn(Spec):
    """Token counts over many draws (int [..., V]) against the probabilities drawn from (float [..., V]).
    A float `got` is a distribution (a known mistake's) compared with the expected one."""

    def problem(self, got, expected):
        q = rows_of(np.asarray(expected, np.float64))
        got = np.asarray(got)
        if got.dtype.kind == "f":
            return None if got.shape == np.shape(expected) and np.allclose(got, expected, rtol=0, atol=1e-9) \
                else Problem("another distribution")
        counts = rows_of(got)
        for r, (c, pr) in enumerate(zip(counts, q)):
            where = f"row {r}: " if len(q) > 1 else ""
            found = self.row_problem(c, pr)
            if found:
                summary, details = found
                freqs = np.round(counts / np.maximum(counts.sum(-1, keepdims=True), 1), 4).reshape(got.shape)
                details.append("(got: how often each token was drawn; expected: its probability)")
                return Problem(where + summary, details, got=freqs,
                               expected=np.round(q, 4).reshape(np.shape(expected)))
        return None

    @staticmethod
    def row_problem(c, q):
        n = int(c.sum())
        bad = np.flatnonzero((c > 0) & (q == 0))
        if bad.size:
            i = int(bad[0])
            return (f"token {i} was drawn {c[i]} times in {n} draws, but it has probability 0 (removed by the "
                    f"filters, or a -inf logit)", [f"tokens drawn that cannot be: {_ids((c > 0) & (q == 0))}"])
        never = np.flatnonzero((c == 0) & (q >= 0.01))
        if never.size:
            i = int(never[0])
            return (f"token {i} was never drawn in {n} draws, but its probability is {q[i]:.4f}",
                    [f"tokens never drawn: {_ids((c == 0) & (q >= 0.01))} (probabilities "
                     f"{np.round(q[never], 4).tolist()})"])
        # Each token of probability >= 1% on its own, the rarer ones pooled: 6 standard deviations (and a
        # few counts, for small expectations) fail a correct sampler about once in a billion.
        big = q >= 0.01
        bins = [(f"token {i}", c[i], q[i]) for i in np.flatnonzero(big)]
        if (~big).any():
            bins.append((f"the {int((~big).sum())} tokens of probability < 1% together", c[~big].sum(), q[~big].sum()))
        for what, count, prob in bins:
            sd = np.sqrt(n * prob * (1 - prob))
            if abs(count - n * prob) > 6 * sd + 5:
                return (f"{what} was drawn {count} times in {n} draws (frequency {count / n:.4f}); expected "
                        f"{n * prob:.0f} ± {6 * sd + 5:.0f} (probability {prob:.4f})",
                        [f"that is {abs(count - n * prob) / max(sd, 1e-12):.1f} standard deviations away"])
        return None


# -- apply_temperature --------------------------------------------------------------------------------
TEMPERATURE_CASES = [
    case("T = 2 halves the logits", logits=a(2.0, -1.0, 0.5, 4.0), temperature=2.0, hint=DIVIDE),
    case("T = 0.5 doubles them", logits=a([1.0, -3.0, 0.25], [0.0, 2.0, 7.0]), temperature=0.5, hint=DIVIDE),
    case("T = 0.7 on a (2, 3, 5) batch", logits=np.linspace(-3, 3, 30).reshape(2, 3, 5), temperature=0.7,
         hint=DIVIDE),
    case("-inf logits stay -inf", logits=a(1.0, -np.inf, 3.0), temperature=1.5, layer="edge",
         hint="apply_temperature(): -inf / T is -inf: just divide."),
    case("float32 in, float32 out", logits=a(1.5, -2.0, 0.125, dtype=np.float32), temperature=0.8,
         layer="polish", hint="apply_temperature(): dividing a float32 array by a Python float keeps float32; "
                              "dividing by np.float64(T) or np.array(T) does not."),
    case("temperature 0 is invalid", logits=EXAMPLE, temperature=0.0, raises=ValueError,
         hint="apply_temperature(): temperature <= 0 raises ValueError (greedy is sample(..., temperature=0))."),
    case("a negative temperature is invalid", logits=EXAMPLE, temperature=-1.0, raises=ValueError,
         hint="apply_temperature(): temperature <= 0 raises ValueError."),
]


@pytest.mark.parametrize("case", TEMPERATURE_CASES, ids=str)
def test_apply_temperature(kata, case):
    kata.check(TEMPERATURE, case, Close(rtol=1e-15, atol=0, rtol32=3e-7, atol32=0))


# -- top_k_filter --------------------------------------------------------------------------------------
def random_rows(rng, size, dtype=np.float64):
    shape = (int(rng.integers(1, size + 1)), int(rng.integers(2, 3 * size + 2)))
    return (rng.standard_normal(shape) * float(rng.choice([1.0, 3.0]))).astype(dtype)


def integer_rows(rng, size):
    """Small integer logits: many ties, at every place of the sort."""
    shape = (int(rng.integers(1, size + 1)), int(rng.integers(2, 3 * size + 2)))
    return rng.integers(-2, 3, size=shape).astype(np.float64)


def with_k(rows):
    def make(rng, size):
        x = rows(rng, size)
        return {"logits": x, "k": int(rng.integers(1, x.shape[-1] + 1))}
    return make


TOP_K_CASES = [
    case("the worked example: k = 2 keeps three tokens (the tie at 0.2)", logits=EXAMPLE, k=2, hint=KTH_TIES),
    case("k = 1 keeps the largest", logits=a(0.3, 2.5, -1.0, 2.0, 0.0), k=1,
         hint="top_k_filter(): k = 1 keeps only the largest logit (and its ties)."),
    case("k = 3 of 6", logits=a(0.1, 4.0, -2.0, 3.5, 3.9, 1.0), k=3,
         hint="top_k_filter(): keep the k largest logits of the row, the others become -inf."),
    case("each row has its own k-th value", logits=a([5.0, 1.0, 3.0, 2.0], [-1.0, -4.0, 0.0, -2.0],
                                                     [10.0, 20.0, 30.0, 40.0]), k=2, hint=K_PER_ROW),
    case("a (2, 2, 5) batch", logits=np.array([[[3, 1, 4, 1, 5], [9, 2, 6, 5, 3]], [[5, 8, 9, 7, 9],
                                                                                 [3, 2, 3, 8, 4]]], float) / 2,
         k=2, hint=K_PER_ROW),
    *generated("random rows, size {size}", with_k(random_rows), sizes=[3, 8], seeds=range(3), hint=K_PER_ROW),
    # edge cases: ties, k >= V, -inf, an empty batch
    case("three tokens tied above the k-th", logits=a(3.0, 3.0, 3.0, 1.0, 0.0), k=2, hint=KTH_TIES, layer="edge"),
    case("a constant row keeps every token", logits=a([2.0, 2.0, 2.0, 2.0], [0.0, 1.0, 2.0, 3.0]), k=1,
         hint=KTH_TIES, layer="edge"),
    *generated("rows of small integers (many ties), size {size}", with_k(integer_rows), sizes=[4, 8],
               seeds=range(3), hint=KTH_TIES, layer="edge"),
    case("k = V keeps every token", logits=a([0.5, -1.0, 2.0], [1.0, 1.0, 0.0]), k=3, hint=K_ALL, layer="edge"),
    case("k > V keeps every token", logits=a(0.5, -1.0, 2.0), k=10, hint=K_ALL, layer="edge"),
    case("-inf logits stay -inf, fewer finite logits than k", logits=a([1.0, -np.inf, 0.0, -np.inf],
                                                                         [-np.inf, 2.0, 3.0, 1.0]), k=3,
         hint=K_INF, layer="edge"),
    case("an empty batch keeps its shape", logits=np.zeros((0, 5)), k=2, layer="edge",
         hint="top_k_filter(): a (0, V) batch gives a (0, V) output: work along the last axis, do not index row 0."),
    case("float32 in, float32 out", logits=a([0.5, 1.5, -0.25, 1.0], [2.0, 1.0, 0.0, 3.0], dtype=np.float32), k=2,
         layer="polish", hint="top_k_filter(): keep the logits' dtype: write -inf with np.where, not into a "
                              "float64 array."),
    case("k = 0 is invalid", logits=EXAMPLE, k=0, raises=ValueError,
         hint="top_k_filter(): k < 1 raises ValueError."),
    case("a negative k is invalid", logits=EXAMPLE, k=-2, raises=ValueError,
         hint="top_k_filter(): k < 1 raises ValueError."),
]


@pytest.mark.parametrize("case", TOP_K_CASES, ids=str)
def test_top_k_filter(kata, case):
    kata.check(TOP_K, case, Filtered())


# -- top_p_filter --------------------------------------------------------------------------------------
def with_p(rows):
    """A p no prefix sum of any row comes within 1e-3 of: round-off (float32, another order of the sum)
    cannot move the boundary."""
    def make(rng, size):
        x = rows(rng, size)
        sums = np.cumsum(-np.sort(-stable_softmax(x), axis=-1), axis=-1)
        p = float(rng.uniform(0.1, 0.95))
        while np.min(np.abs(sums - p)) < 1e-3:
            p = float(rng.uniform(0.1, 0.95))
        return {"logits": x, "p": p}
    return make


TOP_P_CASES = [
    case("the worked example: p = 0.6 keeps [0.5, 0.2, 0.2]", logits=EXAMPLE, p=0.6, hint=CROSSING),
    case("p = 0.4 keeps only the top token", logits=EXAMPLE, p=0.4,
         hint="top_p_filter(): the most probable token is always kept, even when its probability alone exceeds p."),
    case("p = 0.95 keeps all four (0.9 < 0.95)", logits=EXAMPLE, p=0.95, hint=CROSSING),
    case("the token that crosses p is kept", logits=np.log(a(0.3, 0.5, 0.2)), p=0.7, hint=CROSSING),
    case("a small p keeps the top token", logits=a(0.0, 1.0, 2.0, 3.0, -1.0), p=0.01,
         hint="top_p_filter(): the most probable token is always kept: the mass before it is 0 < p."),
    case("each row is its own distribution", logits=a([0.0, 1.0, 2.0, 3.0], [10.0, 0.0, 0.0, 9.0],
                                                      [-5.0, -5.0, -6.0, -4.0]), p=0.5, hint=P_ROWS),
    case("rows on very different scales", logits=a([20.0, 19.0, 18.0, 0.0], [0.0, 0.1, 0.2, 0.3]), p=0.8,
         hint=P_ROWS),
    case("a (2, 2, 4) batch", logits=np.log(a([[0.1, 0.2, 0.3, 0.4], [0.7, 0.1, 0.1, 0.1]],
                                                 [[0.25, 0.25, 0.25, 0.25], [0.05, 0.15, 0.35, 0.45]])), p=0.55,
         hint=P_ROWS),
    *generated("random rows, size {size}", with_p(random_rows), sizes=[3, 8], seeds=range(3), hint=P_ROWS),
    # edge cases: ties, p = 1, -inf, overflow, a single token, an empty batch
    case("tied tokens cross p together", logits=np.log(a(0.4, 0.2, 0.2, 0.2)), p=0.5, hint=P_TIES, layer="edge"),
    case("a constant row keeps every token", logits=np.zeros(6), p=0.3, hint=P_TIES, layer="edge"),
    *generated("rows of small integers (many ties), size {size}", with_p(integer_rows), sizes=[4, 8],
               seeds=range(3), hint=P_TIES, layer="edge"),
    case("p = 1 keeps every token, even of probability 0", logits=a([0.0, -800.0, -1.0], [5.0, 4.0, -2000.0]),
         p=1.0, hint=P_ONE, layer="edge"),
    case("-inf logits stay -inf", logits=a([0.0, -np.inf, -1.0, -np.inf, -0.5], [-np.inf, 1.0, -np.inf, 1.0, 0.0]),
         p=0.6, hint=P_INF, layer="edge"),
    case("logits near 1000 (exp() overflows without the max shift)",
         logits=1000 + np.log(a([0.5, 0.3, 0.15, 0.05], [0.1, 0.6, 0.2, 0.1])), p=0.7,
         hint=OVERFLOW.format(fn=TOP_P), layer="edge"),
    case("logits near -1000 (exp() underflows to 0/0 without the max shift)", logits=-1000 + np.log(a(0.6, 0.25, 0.15)),
         p=0.7, hint=OVERFLOW.format(fn=TOP_P), layer="edge"),
    case("a single token", logits=a([1.5], [-3.0]), p=0.2, layer="edge",
         hint="top_p_filter(): a row of one token keeps it (the most probable token is always kept)."),
    case("an empty batch keeps its shape", logits=np.zeros((0, 5)), p=0.5, layer="edge",
         hint="top_p_filter(): a (0, V) batch gives a (0, V) output: work along the last axis, do not index row 0."),
    case("float32 in, float32 out", logits=np.log(a([0.5, 0.3, 0.2], [0.1, 0.1, 0.8], dtype=np.float32)), p=0.7,
         layer="polish", hint="top_p_filter(): keep the logits' dtype: write -inf with np.where, not into a "
                              "float64 array."),
    *generated("random float32 rows, size {size}", with_p(lambda rng, n: random_rows(rng, n, np.float32)),
               sizes=[6], seeds=range(2), layer="polish"),
    case("p = 0 is invalid", logits=EXAMPLE, p=0.0, raises=ValueError,
         hint="top_p_filter(): p must be in (0, 1]: p <= 0 raises ValueError."),
    case("p > 1 is invalid", logits=EXAMPLE, p=1.5, raises=ValueError,
         hint="top_p_filter(): p must be in (0, 1]: p > 1 raises ValueError."),
    case("a negative p is invalid", logits=EXAMPLE, p=-0.3, raises=ValueError,
         hint="top_p_filter(): p must be in (0, 1]: p <= 0 raises ValueError."),
]


@pytest.mark.parametrize("case", TOP_P_CASES, ids=str)
def test_top_p_filter(kata, case):
    kata.check(TOP_P, case, Filtered())


# -- sample: greedy (temperature 0) ------------------------------------------------------------------
def greedy(name, logits, top_k=None, top_p=None, **kw):
    return case(name, logits=logits, rng=Seeded(0), temperature=0.0, top_k=top_k, top_p=top_p,
                hint=kw.pop("hint", GREEDY), **kw)


RANDOM = np.random.default_rng(2024).standard_normal((5, 7))
GREEDY_CASES = [
    greedy("temperature 0: the argmax of each row", RANDOM),
    greedy("1-D logits give one token id", a(0.1, 2.0, -1.0, 1.5),
           hint="sample(): 1-D logits are a single row: return one token id, the argmax at temperature 0."),
    greedy("top_k and top_p do not change the argmax", RANDOM, top_k=2, top_p=0.3),
    greedy("a (2, 3, V) batch gives (2, 3) token ids", np.random.default_rng(7).standard_normal((2, 3, 6))),
    greedy("ties: the lowest index wins", a([1.0, 3.0, 3.0, 0.0], [2.0, 2.0, 2.0, 2.0], [0.0, 5.0, -1.0, 5.0]),
           layer="edge", hint="sample(): at temperature 0, ties go to the lowest index (np.argmax does that)."),
    greedy("-inf logits", a([-np.inf, -1.0, -np.inf], [0.0, -np.inf, -np.inf]), layer="edge"),
    greedy("an empty batch gives an empty (0,) array", np.zeros((0, 5)), layer="edge",
           hint="sample(): a (0, V) batch gives an int64 array of shape (0,)."),
    greedy("float32 logits", RANDOM.astype(np.float32), layer="polish"),
]


@pytest.mark.parametrize("case", GREEDY_CASES, ids=str)
def test_sample_greedy(kata, case):
    kata.check(SAMPLE, case, Tokens())


# -- sample: shapes, dtypes, the input left alone --------------------------------------------------
def drawing(name, logits, seed=0, temperature=0.8, top_k=5, top_p=0.9, **kw):
    return case(name, logits=logits, rng=Seeded(seed), temperature=temperature, top_k=top_k, top_p=top_p, **kw)


SHAPE_CASES = [
    drawing("1-D logits give one token id", np.random.default_rng(1).standard_normal(10), hint=INT64),
    drawing("a (4, V) batch gives 4 token ids", np.random.default_rng(2).standard_normal((4, 10)), seed=1),
    drawing("a (2, 3, V) batch gives (2, 3) token ids", np.random.default_rng(3).standard_normal((2, 3, 10)), seed=2),
    drawing("an empty batch gives an empty (0,) array", np.zeros((0, 10)), layer="edge",
            hint="sample(): a (0, V) batch gives an int64 array of shape (0,): draw along the last axis."),
    drawing("float32 logits", np.random.default_rng(4).standard_normal((4, 10)).astype(np.float32), seed=3,
            layer="polish"),
]


@pytest.mark.parametrize("case", SHAPE_CASES, ids=str)
def test_sample_shape_and_dtype(kata, case):
    logits = case.args["logits"]
    got = kata.call(SAMPLE, case)
    found = token_problem(got, logits.shape[:-1])
    if found:
        kata.fail(SAMPLE, case, found.summary, hint=found.hint, got=got,
                  layer="polish" if "wrong dtype" in found.summary else None)
    ids = np.asarray(got)
    if ids.size and (ids.min() < 0 or ids.max() >= logits.shape[-1]):
        kata.fail(SAMPLE, case, f"token ids out of range: they are 0 ... {logits.shape[-1] - 1}", got=got,
                  hint="sample(): return token ids (indices into the last axis), not probabilities or logits.")


# -- sample: the distribution, over many draws ---------------------------------------------------------
def draw_batch(module, n, logits, rng, temperature, top_k, top_p):
    """In the worker: ONE call of the learner's sample() on n copies of every row (shape (n, ..., V))."""
    batch = np.repeat(np.asarray(logits)[None], n, axis=0)
    return module.sample(batch, rng, temperature, top_k, top_p)


def draw_one_at_a_time(module, n, logits, rng, temperature, top_k, top_p):
    """In the worker: n calls of the learner's sample() on one 1-D row, the same generator carrying on."""
    return [module.sample(logits, rng, temperature, top_k, top_p) for _ in range(n)]


def dist(name, logits, seed, temperature=1.0, top_k=None, top_p=None, hint=ORDER, layer=""):
    return case(name, logits=logits, rng=Seeded(seed), temperature=temperature, top_k=top_k, top_p=top_p,
                hint=hint, layer=layer)


BATCH = np.random.default_rng(11).standard_normal((3, 6)) * np.array([[1.0], [2.5], [0.5]])
WIDE = np.random.default_rng(12).standard_normal(40) * 1.5
DISTRIBUTION_CASES = [
    dist("softmax of the logits at temperature 1", EXAMPLE, 1, hint=DRAW),
    dist("the worked example: top_p = 0.6 draws token 0 with probability 0.556", EXAMPLE, 2, top_p=0.6),
    dist("top_k = 2 draws the three tokens it keeps (the tie)", EXAMPLE, 3, top_k=2, hint=KTH_TIES),
    dist("temperature 0.5, then top_p = 0.6", EXAMPLE, 4, temperature=0.5, top_p=0.6),
    dist("temperature 2, then top_p = 0.85", EXAMPLE, 5, temperature=2.0, top_p=0.85),
    # top-k keeps 0.6 of the mass; top-p 0.65 then keeps 2 of those 3 (0.42 / 0.6 = 0.7 crosses it), while
    # top-p on the whole distribution would keep 4 tokens: right, top-p first and top-k ignored all differ.
    dist("top_k = 3, then top_p = 0.65", np.log(a(0.22, 0.2, 0.18, 0.15, 0.13, 0.12)), 6, top_k=3, top_p=0.65),
    dist("a batch of 3 different rows, temperature 0.7, top_k = 4, top_p = 0.9", BATCH, 7, temperature=0.7,
         top_k=4, top_p=0.9, hint=P_ROWS),
    dist("40 tokens, temperature 1.5, top_k = 25, top_p = 0.9", WIDE, 8, temperature=1.5, top_k=25, top_p=0.9),
    # edge cases: overflow, a tiny temperature, -inf, one token
    dist("logits near 1000 (exp() overflows without the max shift)", 1000 + EXAMPLE, 9, top_p=0.95,
         hint=OVERFLOW.format(fn=SAMPLE), layer="edge"),
    dist("temperature 0.01: logits / T near 800", a(8.0, 7.99, 7.97, 7.0), 10, temperature=0.01,
         hint=OVERFLOW.format(fn=SAMPLE), layer="edge"),
    dist("-inf logits are never drawn", a(0.0, -np.inf, 1.0, -np.inf, 0.5), 11, layer="edge",
         hint="sample(): a -inf logit has probability exactly 0: it is never drawn."),
    dist("a single token is always drawn", a(2.0), 12, top_p=0.5, layer="edge",
         hint="sample(): with one token (V = 1), every draw is token 0."),
    dist("float32 logits", (EXAMPLE * 1.3).astype(np.float32), 13, temperature=0.9, top_p=0.9, layer="polish"),
]


def expected_probs(kata, c):
    args = c.args
    return distribution(kata.reference, args["logits"], args["temperature"], args["top_k"], args["top_p"])


def counts_of(kata, c, tokens, n, V, rows_shape):
    """Per-row counts [..., V] of the learner's tokens (shape (n, *rows_shape)), after the shape checks."""
    found = token_problem(tokens, (n, *rows_shape))
    if found:
        kata.fail(SAMPLE, c, f"on a batch of {n} copies of the logits: {found.summary}", hint=found.hint,
                  layer="polish" if "wrong dtype" in found.summary else None)
    if tokens.size and (tokens.min() < 0 or tokens.max() >= V):
        kata.fail(SAMPLE, c, f"token ids out of range: got {int(tokens.min())} ... {int(tokens.max())}, "
                  f"expected 0 ... {V - 1}",
                  hint="sample(): return token ids (indices into the last axis); an inverse CDF whose uniform "
                       "can exceed the last cumulative sum runs past the end: scale the uniform by the row's total.")
    flat = tokens.reshape(n, -1)
    return np.stack([np.bincount(flat[:, r], minlength=V) for r in range(flat.shape[1])]).reshape(*rows_shape, V)


def check_draws(kata, c, counts, q, one_at_a_time=False):
    n = int(rows_of(counts)[0].sum())
    for cr, qr in zip(rows_of(counts), rows_of(q)):
        if cr.max() == n and (qr >= 0.01).sum() >= 2:
            token = int(cr.argmax())
            if not one_at_a_time:
                first_row = np.asarray(c.args["logits"]).reshape(-1, qr.size)[0]
                rows = kata.run(SAMPLE, c, draw_one_at_a_time, 200, first_row,
                                *[c.args[k] for k in ("rng", "temperature", "top_k", "top_p")])
                if len({int(np.asarray(t)) for t in rows}) > 1:
                    kata.fail(SAMPLE, c, f"looks like: one random number shared by every row of the batch "
                              f"(all {n} copies of the row drew token {token}; one row at a time, the draws vary)",
                              hint=SHARED)
            if one_at_a_time:
                kata.fail(SAMPLE, c, f"every one of the {n} calls gave token {token} (probability {qr[token]:.4f}): "
                          "the calls do not draw anew", hint=ANEW)
            kata.fail(SAMPLE, c, f"every one of the {n} draws gave token {token}, whose probability is "
                      f"{qr[token]:.4f}: sample() does not draw at random", hint=NOT_RANDOM)
    kata.compare(SAMPLE, c, counts, q, Drawn())


@pytest.mark.parametrize("case", DISTRIBUTION_CASES, ids=str)
def test_sample_distribution(kata, case):
    logits = np.asarray(case.args["logits"])
    q = expected_probs(kata, case)
    tokens = kata.run(SAMPLE, case, draw_batch, DRAWS, *case.args.values())
    counts = counts_of(kata, case, tokens, DRAWS, logits.shape[-1], logits.shape[:-1])
    check_draws(kata, case, counts, q)


ONE_ROW = dist("1000 calls on one 1-D row, temperature 1.2, top_k = 3", EXAMPLE, 14, temperature=1.2, top_k=3,
               hint=DRAW)


@pytest.mark.kata_early(SAMPLE, draw_one_at_a_time, 1000, *ONE_ROW.args.values())  # started with the kata
def test_sample_one_row_at_a_time(kata):
    """The same generator, one 1-D row per call: every call draws anew (its state carries on)."""
    c = ONE_ROW
    outs = kata.run(SAMPLE, c, draw_one_at_a_time, 1000, *c.args.values())
    found = next((token_problem(t, ()) for t in outs if token_problem(t, ())), None)
    if found:
        kata.fail(SAMPLE, c, f"for 1-D logits: {found.summary}", hint=found.hint,
                  layer="polish" if "wrong dtype" in found.summary else None)
    tokens = np.array([int(t) for t in outs], dtype=np.int64)
    counts = counts_of(kata, c, tokens, len(outs), EXAMPLE.size, ())
    check_draws(kata, c, counts, expected_probs(kata, c), one_at_a_time=True)


# -- sample: seeds ------------------------------------------------------------------------------------
def draw_with_each(module, logits, rngs, temperature, top_k, top_p):
    """In the worker: one call of the learner's sample() per generator."""
    return [module.sample(logits, rng, temperature, top_k, top_p) for rng in rngs]


SEEDED = np.random.default_rng(21).standard_normal((300, 8))


def test_same_seed_same_tokens(kata):
    c = drawing("two generators seeded alike (np.random.default_rng(5) twice), 300 rows", SEEDED, seed=5,
                temperature=1.0, hint=SAME_SEED)
    first, second = kata.run(SAMPLE, c, draw_with_each, SEEDED, [Seeded(5), Seeded(5)],
                             *[c.args[k] for k in ("temperature", "top_k", "top_p")])
    for got in (first, second):
        found = token_problem(got, (300,))
        if found:
            kata.fail(SAMPLE, c, found.summary, hint=found.hint, layer="polish" if "wrong dtype" in found.summary
                      else None)
    if not np.array_equal(first, second):
        kata.fail(SAMPLE, c, f"looks like: np.random's global state (or a generator of your own) used instead of "
                  f"rng: generators seeded alike gave different tokens in {int(np.sum(first != second))} of 300 rows",
                  hint=SAME_SEED)


def test_different_seeds_different_tokens(kata):
    c = drawing("generators seeded 1 and 2, 300 rows of 8 equal logits", np.zeros((300, 8)), seed=1,
                temperature=1.0, top_k=None, top_p=None, hint=SEED_IGNORED)
    first, second = kata.run(SAMPLE, c, draw_with_each, c.args["logits"], [Seeded(1), Seeded(2)],
                             *[c.args[k] for k in ("temperature", "top_k", "top_p")])
    if np.array_equal(np.asarray(first), np.asarray(second)):
        kata.fail(SAMPLE, c, "looks like: the caller's rng ignored (generators seeded 1 and 2 gave the same 300 "
                  "tokens)", hint=SEED_IGNORED)


# -- sample: invalid arguments ------------------------------------------------------------------------
INVALID_CASES = [
    drawing("a negative temperature is invalid", EXAMPLE, temperature=-0.5, raises=ValueError,
            hint="sample(): temperature < 0 raises ValueError (0 is greedy)."),
    drawing("top_k = 0 is invalid", EXAMPLE, top_k=0, raises=ValueError,
            hint="sample(): top_k < 1 raises ValueError (None disables top-k)."),
    drawing("top_p = 0 is invalid", EXAMPLE, top_p=0.0, raises=ValueError,
            hint="sample(): top_p must be in (0, 1]: 0 raises ValueError (None disables top-p)."),
    drawing("top_p > 1 is invalid", EXAMPLE, top_p=1.2, raises=ValueError,
            hint="sample(): top_p must be in (0, 1]: top_p > 1 raises ValueError."),
    drawing("top_k = 0 is invalid at temperature 0 too", EXAMPLE, temperature=0.0, top_k=0, raises=ValueError,
            hint="sample(): check top_k and top_p before the greedy shortcut: invalid whatever the temperature."),
    drawing("top_p = 1.5 is invalid at temperature 0 too", EXAMPLE, temperature=0.0, top_p=1.5, raises=ValueError,
            hint="sample(): check top_k and top_p before the greedy shortcut: invalid whatever the temperature."),
]


@pytest.mark.parametrize("case", INVALID_CASES, ids=str)
def test_sample_invalid(kata, case):
    kata.check(SAMPLE, case)


# -- benchmarks ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("rows, vocab", [(64, 32000)])
def test_benchmark_top_p_filter(kata_bench, rows, vocab):
    x = (np.random.default_rng(0).standard_normal((rows, vocab)) * 3).astype(np.float32)
    kata_bench(TOP_P, case("", logits=x, p=0.9), label=f"{rows}x{vocab}")


@pytest.mark.parametrize("rows, vocab", [(64, 32000)])
def test_benchmark_sample(kata_bench, rows, vocab):
    x = (np.random.default_rng(0).standard_normal((rows, vocab)) * 3).astype(np.float32)
    kata_bench(SAMPLE, case("", logits=x, rng=Seeded(0), temperature=0.8, top_k=50, top_p=0.9),
               label=f"{rows}x{vocab}, top_k 50, top_p 0.9")

