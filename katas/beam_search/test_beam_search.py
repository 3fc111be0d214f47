"""Graded tests for the beam_search kata. Run: pytest katas/beam_search   (-x stops at the first failure).

Your beam_search() runs in a worker process with a step_fn of ours, built there from a table of
log-probs (the `step_fn = ...` line of a failure shows the table); it records every prefix you pass it.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np
import pytest

from sensei import KataFailure, Problem, Spec, case, crash, generated, mistake
from sensei.show import describe

NAME = "beam_search"
BS = "beam_search(): "

ALGORITHM = (BS + "each step expands every hypothesis of the beam by every token (score + log-prob) and keeps the "
             "beam_size - len(finished) best candidates; those ending in eos move to finished, the others form "
             "the next beam; after max_len steps the beam joins finished as it is. Then rank by score / n ** "
             "length_penalty.")
TIES = (BS + "equal scores: the earlier hypothesis of the beam first, then the lower token, i.e. the lower flat "
        "index h * V + t of the [B, V] candidate scores. np.argsort(-scores, kind='stable') on the flattened "
        "scores does it; scores.argsort()[::-1] puts the HIGHER flat index first, and np.argpartition keeps no order "
        "among equal scores.")
SLOT = (BS + "a hypothesis that ends in eos leaves the beam but keeps its slot: the next step keeps only "
        "beam_size - len(finished) candidates, so the beam shrinks, and at most beam_size hypotheses are returned.")
TRUNCATED = (BS + "after max_len steps, the hypotheses still in the beam join the result as they are (no eos), "
             "normalised like the others.")
PENALTY = (BS + "rank the result by the normalised score score / n ** length_penalty, n = the tokens after bos "
           "(eos included, bos not), and return that normalised score.")
FINISH_ORDER = (BS + "equal normalised scores keep the order in which the hypotheses finished (a stable sort); the "
                "truncated ones come last, in beam order.")
EVERY_TOKEN = (BS + "every hypothesis proposes EVERY token, and the beam keeps the best candidates over all of them: "
               "two of the kept candidates may come from the same hypothesis.")
SUM = BS + "a hypothesis's score is the SUM of the log-probs of its tokens after bos: add, step after step."
MAX_LEN = (BS + "at most max_len steps: a hypothesis with max_len tokens after bos (bos not counted) is never "
           "expanded; it is returned as it is.")
LISTS = (BS + "step_fn may return a Python list: np.asarray(step_fn(prefix)) before doing arithmetic with it "
         "(a list + a float fails; a list * 2 repeats it).")
PREFIX = (BS + "step_fn takes the whole hypothesis so far, bos first: step_fn([bos, t1, t2]), not the last token "
          "alone.")
TOKENS = BS + "each hypothesis is returned with bos first, and with eos at the end when it finished."


# -- the language model: plain data that crosses to the worker, where step_fn is built from it -------
@dataclass(frozen=True)
class LM:
    """step_fn(prefix) as a table: the log-probs after `prefix` are by_prefix[whole prefix] if there,
    else by_last[last token], else `default` (a row of -1, -2, ... when not given)."""

    vocab: int
    by_last: dict = field(default_factory=dict)
    by_prefix: dict = field(default_factory=dict)
    default: tuple | None = None
    as_list: bool = False  # step_fn returns a Python list (else a float64 array)

    def log_probs(self, prefix: tuple) -> list[float]:
        row = self.by_prefix.get(prefix, self.by_last.get(prefix[-1], self.default))
        return [float(x) for x in row] if row is not None else [-1.0 - k for k in range(self.vocab)]

    def __repr__(self) -> str:
        fmt = lambda row: "[" + ", ".join(f"{x:g}" for x in row) + "]"  # noqa: E731
        parts = []
        if self.by_prefix:
            rows = "; ".join(f"{list(p)}: {fmt(r)}" for p, r in self.by_prefix.items())
            parts.append(f"log-probs after the prefix {{{rows}}}" if len(rows) < 320 else
                         f"random log-probs after each of {len(self.by_prefix)} prefixes, V={self.vocab}")
        if self.by_last:
            parts.append("log-probs by last token {" + "; ".join(f"{t}: {fmt(r)}" for t, r in self.by_last.items())
                         + "}")
        if self.default is not None:
            parts.append(f"else {fmt(self.default)}")
        return ", ".join(parts) + (" (returned as Python lists)" if self.as_list else "")


def bigram(table: dict, default=None, as_list=False) -> LM:
    """An LM whose log-probs depend on the last token only (the statement's worked example)."""
    vocab = len(next(iter(table.values())))
    return LM(vocab, by_last={t: tuple(r) for t, r in table.items()}, default=default and tuple(default),
              as_list=as_list)


def make_step_fn(lm: LM, bos: int, max_len: int, calls: list):
    """Our step_fn: checks what it is given and records it. Far past max_len it raises (a search that never
    stops would otherwise run until the time limit)."""

    def step_fn(prefix):
        try:
            tokens = [int(t) for t in prefix]
        except TypeError:
            raise ValueError(f"step_fn(prefix): prefix is the list of tokens so far, bos first; got {prefix!r}, "
                             "not a list") from None
        calls.append(tokens)
        if not tokens or tokens[0] != bos:
            raise ValueError(f"step_fn(prefix): the prefix is the whole hypothesis so far, starting with bos={bos}; "
                             f"got {tokens}")
        if len(tokens) - 1 > max_len + 4:
            raise ValueError(f"step_fn(prefix): called with {len(tokens) - 1} tokens after bos, and max_len = "
                             f"{max_len}: does the search stop after max_len steps?")
        if any(not 0 <= t < lm.vocab for t in tokens):
            raise ValueError(f"step_fn(prefix): {tokens} holds a token outside the vocabulary 0..{lm.vocab - 1}")
        row = lm.log_probs(tuple(tokens))
        return row if lm.as_list else np.array(row)

    return step_fn


def decode(module, lm, bos, eos, beam_size, max_len, *length_penalty):
    """Runs in the worker: the learner's beam_search with our step_fn; returns its result and the prefixes
    step_fn was given."""
    calls: list = []
    result = module.beam_search(make_step_fn(lm, bos, max_len, calls), bos, eos, beam_size, max_len,
                                *length_penalty)
    return result, calls


def reference_decode(kata, c):
    lm, bos, eos, beam_size, max_len, *rest = c.args.values()
    calls: list = []
    return kata.reference.beam_search(make_step_fn(lm, bos, max_len, calls), bos, eos, beam_size, max_len,
                                      *rest), calls


# -- comparing results ------------------------------------------------------------------------------
def as_hypotheses(result) -> tuple[list | None, str]:
    """The result as [(tokens list of ints, float score)], or None and what is wrong with it."""
    if not isinstance(result, (list, tuple)):
        return None, f"expected a list of (tokens, score) pairs, got {describe(result)}"
    out = []
    for i, item in enumerate(result):
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            return None, f"result[{i}] should be a (tokens, score) pair, got {describe(item)}"
        tokens, score = item
        if isinstance(tokens, np.ndarray) and tokens.ndim == 1 and tokens.dtype.kind in "iu":
            tokens = tokens.tolist()
        if not isinstance(tokens, (list, tuple)) or not all(
                isinstance(t, (int, np.integer)) and not isinstance(t, (bool, np.bool_)) for t in tokens):
            return None, f"result[{i}][0] (the tokens) should be a list of ints, got {describe(tokens)}"
        if isinstance(score, np.ndarray) and score.ndim == 0:
            score = score[()]
        if not isinstance(score, (numbers.Real, np.floating, np.integer)) or isinstance(score, (bool, np.bool_)):
            return None, f"result[{i}][1] (the score) should be a number, got {describe(score)}"
        out.append(([int(t) for t in tokens], float(score)))
    return out, ""


class Hypotheses(Spec):
    """A list of (tokens, score) pairs: tokens exactly, in order; scores within rtol/atol."""

    rtol, atol = 1e-9, 1e-12

    def problem(self, got, expected):
        want, _ = as_hypotheses(expected)
        mine, wrong = as_hypotheses(got)
        if mine is None:
            hint = ("Did you forget the return statement?" if got is None else
                    BS + "return a list of (tokens, score) tuples: tokens a list of ints with bos first, score a "
                         "float.")
            return Problem(wrong, hint=hint)
        show = dict(got=mine, expected=want)
        seqs, want_seqs = [t for t, _ in mine], [t for t, _ in want]
        details = []
        missing = [s for s in want_seqs if s not in seqs]
        extra = [s for s in seqs if s not in want_seqs]
        if missing:
            details.append(f"missing (expected but not returned): {', '.join(map(str, missing[:6]))}"
                           + (f" ... ({len(missing)} in all)" if len(missing) > 6 else ""))
        if extra:
            details.append(f"extra (returned but not expected): {', '.join(map(str, extra[:6]))}"
                           + (f" ... ({len(extra)} in all)" if len(extra) > 6 else ""))
        if len(mine) != len(want):
            return Problem(f"wrong number of hypotheses: expected {len(want)}, got {len(mine)}", details, **show)
        for i, ((t, s), (wt, ws)) in enumerate(zip(mine, want)):
            if t != wt:
                summary = "same hypotheses, different order" if not (missing or extra) else "wrong hypotheses"
                return Problem(summary, [f"first difference at result[{i}]: expected {wt} (score {ws:.6g}), "
                                         f"got {t} (score {s:.6g})", *details], **show)
        for i, ((t, s), (_, ws)) in enumerate(zip(mine, want)):
            if not abs(s - ws) <= self.atol + self.rtol * abs(ws):
                return Problem(f"wrong score of result[{i}] = {t}: expected {ws!r}, got {s!r}",
                               [f"(tolerance: rtol={self.rtol:g}, atol={self.atol:g})"], **show)
        return None


def check_calls(kata, c, calls: list, want_calls: list) -> None:
    """Prefixes given to step_fn that no right search gives it: past eos, or past max_len."""
    _, _, eos, _, max_len, *_ = c.args.values()
    for prefix in calls:
        if eos in prefix[1:]:
            kata.fail(NAME, c, f"looks like: a finished hypothesis expanded past eos (step_fn was called with "
                               f"{prefix}, and eos = {eos})",
                      details=[f"step_fn was called with: {shown_calls(calls)}"],
                      hint=BS + "a hypothesis that ends in eos is finished: it leaves the beam (keeping its slot) "
                                "and is never passed to step_fn again.")
        if len(prefix) - 1 >= max_len:
            kata.fail(NAME, c, f"looks like: one step past max_len (step_fn was called with {prefix}: "
                               f"{len(prefix) - 1} tokens after bos, and max_len = {max_len})",
                      details=[f"step_fn was called with: {shown_calls(calls)}"], hint=MAX_LEN)


def check_call_set(kata, c, calls: list, want_calls: list) -> None:
    """With the right result, step_fn was called for exactly the hypotheses of the beam."""
    extra = [p for p in unique(calls) if p not in want_calls]
    missing = [p for p in unique(want_calls) if p not in calls]
    if extra or missing:
        what = (f"step_fn was called with {extra[0]}, which the beam should not hold" if extra else
                f"step_fn was never called with {missing[0]}, a hypothesis of the beam")
        kata.fail(NAME, c, what, details=[f"expected calls: {shown_calls(unique(want_calls))}",
                                          f"your calls:     {shown_calls(unique(calls))}"],
                  hint=BS + "call step_fn once per step for each hypothesis of the beam, and for nothing else "
                            "(a step_fn call is a forward pass of the model: the expensive part). The beam holds "
                            "at most beam_size - len(finished) hypotheses: refilling it to beam_size open "
                            "hypotheses (as Hugging Face does) is another algorithm.")


def unique(calls: list) -> list:
    return [p for i, p in enumerate(calls) if p not in calls[:i]]


def shown_calls(calls: list) -> str:
    return ", ".join(map(str, calls[:12])) + (f" ... ({len(calls)} in all)" if len(calls) > 12 else "")


# -- known mistakes (what each one returns; never shown) ------------------------------------------
def variant(lm, bos, eos, beam_size, max_len, length_penalty=0.0, *, ties="flat", slots="shrink", steps=0,
            expand="all", score="sum", n_offset=0, eos_in_n=True, truncated="keep", rank="normalised",
            returned="normalised", final_ties="stable", with_bos=True, with_eos=True):
    """Beam search written plainly, with one mistake's knob turned."""
    start = 1.0 if score == "prob" else 0.0
    beam, finished = [([bos], start)], []  # (tokens, score)
    for _ in range(max_len + steps):
        candidates = []  # (score, h, t, tokens)
        for h, (tokens, s) in enumerate(beam):
            row = lm.log_probs(tuple(tokens))
            for t in (range(len(row)) if expand == "all" else [int(np.argmax(row))]):
                new = {"sum": s + row[t], "last": row[t], "prob": s * np.exp(row[t])}[score]
                candidates.append((new, h, t, tokens + [t]))
        if ties == "flat":
            ranked = sorted(candidates, key=lambda c: -c[0])
        elif ties == "reversed":  # argsort()[::-1]: ascending stable sort, reversed
            ranked = sorted(candidates, key=lambda c: c[0])[::-1]
        elif ties == "tokens":  # sorted((score, tokens), reverse=True)
            ranked = sorted(candidates, key=lambda c: (c[0], c[3]), reverse=True)
        else:  # token-major flattening: t * B + h
            ranked = sorted(candidates, key=lambda c: (-c[0], c[2], c[1]))
        kept = ranked[:beam_size - len(finished) if slots == "shrink" else beam_size]
        finished += [(c[3], c[0], False) for c in kept if c[2] == eos]
        beam = [(c[3], c[0]) for c in kept if c[2] != eos]
        if not beam:
            break
    if truncated != "drop":
        finished += [(tokens, s, True) for tokens, s in beam]
    out = []
    for tokens, s, cut in finished:
        n = len(tokens) - 1 + n_offset - (0 if eos_in_n or cut else 1)
        norm = s if truncated == "raw" and cut else s / n ** length_penalty
        shown = tokens[0 if with_bos else 1:len(tokens) if with_eos or cut else -1]
        out.append((shown, norm if returned == "normalised" else s, norm if rank == "normalised" else s))
    if rank != "none":
        out = sorted(out, key=lambda o: o[2])[::-1] if final_ties == "reversed" else sorted(out, key=lambda o: -o[2])
    if slots == "fixed_best":
        out = out[:beam_size]
    return [(tokens, float(s)) for tokens, s, _ in out]


def gives(**knobs):
    return lambda ref, *args: variant(*args, **knobs)


# Order matters where two mistakes give the same result on a case: a more specific one first.
MISTAKES = [
    mistake(NAME, "equal scores ordered by argsort()[::-1] (the higher flat index first)", fix=TIES,
            gives=gives(ties="reversed")),
    mistake(NAME, "equal scores broken by the token list (sorted (score, tokens) in reverse)", fix=TIES,
            gives=gives(ties="tokens")),
    mistake(NAME, "candidates flattened token-major (t * B + h): equal scores go to the lower token first",
            fix=TIES, gives=gives(ties="token_major")),
    mistake(NAME, "each hypothesis proposes only its own top-1 token (beam_size greedy searches)", fix=EVERY_TOKEN,
            gives=gives(expand="top1")),
    mistake(NAME, "a candidate scored by its last log-prob only", fix=SUM, gives=gives(score="last")),
    mistake(NAME, "probabilities multiplied: the score is a product of probabilities, not a sum of log-probs",
            fix=SUM + " The score is a log-prob, not a probability.", gives=gives(score="prob")),
    mistake(NAME, "max_len counted bos (one step too few)", fix=MAX_LEN, gives=gives(steps=-1)),
    mistake(NAME, "a finished hypothesis did not keep its slot (the beam stays at beam_size)", fix=SLOT,
            gives=gives(slots="fixed_all")),
    mistake(NAME, "a finished hypothesis did not keep its slot (the beam stays at beam_size; the best beam_size "
                  "returned)", fix=SLOT, gives=gives(slots="fixed_best")),
    mistake(NAME, "the hypotheses truncated at max_len dropped", fix=TRUNCATED, gives=gives(truncated="drop")),
    mistake(NAME, "the truncated hypotheses not normalised (the penalty applied only on reaching eos)",
            fix=TRUNCATED, gives=gives(truncated="raw")),
    mistake(NAME, "the length n counts bos", fix=PENALTY, gives=gives(n_offset=1)),
    mistake(NAME, "the length n leaves eos out", fix=PENALTY, gives=gives(eos_in_n=False)),
    mistake(NAME, "the raw score returned instead of the normalised one", fix=PENALTY, gives=gives(returned="raw")),
    mistake(NAME, "the result ranked by the raw score, not the normalised one", fix=PENALTY, gives=gives(rank="raw")),
    mistake(NAME, "the result in the order of finishing, not ranked", fix=PENALTY, gives=gives(rank="none")),
    mistake(NAME, "equal normalised scores in reverse order of finishing", fix=FINISH_ORDER,
            gives=gives(final_ties="reversed")),
    mistake(NAME, "bos left out of the returned tokens", fix=TOKENS, gives=gives(with_bos=False)),
    mistake(NAME, "eos left out of the returned tokens", fix=TOKENS, gives=gives(with_eos=False)),
    crash(NAME, "step_fn's output used as an array (it may be a Python list)", fix=LISTS,
          raised="can only concatenate list"),
    crash(NAME, "step_fn's output used as an array (it may be a Python list)", fix=LISTS,
          raised="for +: 'float' and 'list'"),
    crash(NAME, "the search does not stop after max_len steps", fix=MAX_LEN,
          raised="does the search stop after max_len steps"),
    crash(NAME, "step_fn given less than the whole hypothesis", fix=PREFIX,
          raised="the prefix is the whole hypothesis so far"),
    crash(NAME, "the length n leaves eos out ([bos, eos] has n = 1, not 0)", fix=PENALTY, raised="division by zero"),
]


# -- cases ----------------------------------------------------------------------------------------
def sequences(lm: LM, bos: int, eos: int, max_len: int) -> list[tuple[list[int], float]]:
    """Every sequence a search can return, with its raw score (for keeping generated cases away from
    near-ties)."""
    out, frontier = [], [([bos], 0.0)]
    for depth in range(max_len):
        grown = [(tokens + [t], s + lp) for tokens, s in frontier for t, lp in enumerate(lm.log_probs(tuple(tokens)))]
        out += [g for g in grown if g[0][-1] == eos or depth == max_len - 1]
        frontier = [g for g in grown if g[0][-1] != eos]
    return out


def has_near_ties(lm, bos, eos, max_len, length_penalty) -> bool:
    """Whether round-off could flip a comparison: two prefixes of one length, or two results, whose
    scores are within 1e-9 of each other."""
    groups, frontier = [], [([bos], 0.0)]
    for _ in range(max_len):
        grown = [(tokens + [t], s + lp) for tokens, s in frontier for t, lp in enumerate(lm.log_probs(tuple(tokens)))]
        groups.append([s for _, s in grown])
        frontier = [g for g in grown if g[0][-1] != eos]
    groups.append([s / (len(t) - 1) ** length_penalty for t, s in sequences(lm, bos, eos, max_len)])
    return any(np.any(np.diff(np.sort(g)) <= 1e-9 * (1 + np.abs(np.sort(g)[1:]))) for g in groups)


def random_lm(rng, vocab, bos, eos, max_len, values=None, low=-4.0, high=0.0, as_list=False) -> LM:
    """Log-probs after every prefix a search can reach: 4 decimals in [low, high), or drawn from `values`."""
    rows, frontier = {}, [(bos,)]
    for depth in range(max_len):
        for prefix in frontier:
            row = rng.choice(values, vocab) if values is not None else np.round(rng.uniform(low, high, vocab), 4)
            rows[prefix] = tuple(float(x) for x in row)
        frontier = [p + (t,) for p in frontier for t in range(vocab) if t != eos]
    return LM(vocab, by_prefix=rows, as_list=as_list)


def random_search(rng, vocab, *, beam_size=None, max_len=None, penalties=(0.0, 0.5, 1.0, 1.5), low=-4.0,
                  high=0.0, values=None, as_list=False) -> dict:
    rng = np.random.default_rng(rng.integers(2**32, size=vocab))  # another stream for each vocabulary size
    beam_size = beam_size or int(rng.choice([1, 2, 2, 3, 3, 4, 6]))
    bos, eos = (int(x) for x in rng.choice(vocab, 2, replace=False))
    max_len = max_len or int(rng.choice([1, 2, 3, 3, 4] if vocab <= 4 else [1, 2, 3, 3]))
    length_penalty = float(rng.choice(penalties))
    for _ in range(100):
        lm = random_lm(rng, vocab, bos, eos, max_len, values, low, high, as_list)
        if values is not None or not has_near_ties(lm, bos, eos, max_len, length_penalty):
            break
    n_sequences = len(sequences(lm, bos, eos, max_len))
    return {"step_fn": lm, "bos": bos, "eos": eos, "beam_size": min(beam_size, n_sequences), "max_len": max_len,
            "length_penalty": length_penalty}


def exhaustive(rng, vocab):
    """beam_size at least the number of sequences: the search returns them all, ranked."""
    args = random_search(rng, vocab, max_len=int(rng.integers(1, 4)))
    args["beam_size"] = len(sequences(args["step_fn"], args["bos"], args["eos"], args["max_len"])) + \
        int(rng.integers(0, 3))
    return args


def tied(rng, vocab, wide=False):
    """Log-probs from a few halves: many exact ties (exact in any order of additions). A length penalty
    only where n ** length_penalty is a power of two. wide: a beam of 5 to 8 over three values."""
    max_len = int(rng.integers(1, 4)) if not wide else int(rng.integers(2, 4))
    penalties = (0.0, 1.0) if max_len <= 2 else (0.0,)
    return random_search(rng, vocab, max_len=max_len, penalties=penalties,
                         beam_size=int(rng.integers(5, 9)) if wide else None,
                         values=[-1.0, -2.0, -3.0] if wide else [-0.5, -1.0, -1.5, -2.0])


WORKED = bigram({0: [-3, -0.5, -0.6], 1: [-2, -1.5, -0.25]})
GREEDY = bigram({0: [-5, -0.5, -0.75, -5], 1: [-5, -2.5, -5, -2], 2: [-5, -5, -5, -0.25]})
PREFIX_LM = LM(3, by_prefix={(0,): (-1, -0.5, -2), (0, 0): (-0.25, -3, -1.5), (0, 1): (-1.5, -1.25, -1),
                             (0, 0, 0): (-2, -1, -0.5), (0, 0, 1): (-0.5, -2, -3), (0, 1, 0): (-1, -1.75, -2.5),
                             (0, 1, 1): (-3, -0.125, -2)})

CASES = [
    case("the worked example", step_fn=WORKED, bos=0, eos=2, beam_size=2, max_len=3,
         hint=BS + "step 1 keeps [0, 1] (-0.5) and [0, 2] (-0.6), which finishes and keeps its slot; step 2 has one "
                   "slot left: [0, 1, 2] (-0.75) finishes; the beam is empty. " + SLOT),
    case("the worked example with length_penalty 1", step_fn=WORKED, bos=0, eos=2, beam_size=2, max_len=3,
         length_penalty=1.0,
         hint=BS + "[0, 1, 2] has n = 2 tokens after bos: -0.75 / 2 = -0.375 beats [0, 2]'s -0.6 / 1. " + PENALTY),
    case("beam_size 1 is greedy decoding", step_fn=GREEDY, bos=0, eos=3, beam_size=1, max_len=3,
         hint=BS + "with one slot, each step keeps the single best candidate: [0, 1] (-0.5), then [0, 1, 3] (-2.5)."),
    case("beam_size 2 finds what greedy decoding misses", step_fn=GREEDY, bos=0, eos=3, beam_size=2, max_len=3,
         hint=ALGORITHM),
    case("two kept candidates from the same hypothesis",
         step_fn=bigram({0: [-5, -1, -1.25, -5], 1: [-5, -0.25, -0.5, -3], 2: [-5, -1, -1.5, -2]}), bos=0, eos=3,
         beam_size=2, max_len=2, hint=EVERY_TOKEN),
    case("scores add up along the hypothesis",
         step_fn=bigram({0: [-5, -0.25, -3, -5], 1: [-5, -2, -2.5, -5], 2: [-5, -1, -1.5, -5]}), bos=0, eos=3,
         beam_size=2, max_len=2, hint=SUM),
    case("hypotheses still open at max_len are returned, truncated",
         step_fn=bigram({0: [-1, -1.5, -6], 1: [-0.75, -2, -5]}), bos=0, eos=2, beam_size=2, max_len=2,
         hint=TRUNCATED),
    case("length_penalty 0.5 over finished and truncated hypotheses",
         step_fn=bigram({3: [-1, -0.5, -1.25, -4], 0: [-1.125, -0.875, -2, -4], 1: [-0.625, -1.5, -2, -4]}), bos=3,
         eos=2, beam_size=3, max_len=3,
         length_penalty=0.5, hint=PENALTY + " " + TRUNCATED),
    case("step_fn's log-probs depend on the whole prefix", step_fn=PREFIX_LM, bos=0, eos=2, beam_size=2, max_len=3,
         hint=PREFIX),
    *generated("random V={size}", lambda rng, v: random_search(rng, v), sizes=[2, 3, 4, 5], seeds=range(4),
               hint=ALGORITHM),
    *generated("beam_size >= the number of sequences: all of them, ranked (V={size})", exhaustive, sizes=[2, 3, 4],
               seeds=range(3), hint=ALGORITHM),
    # edge cases: one step, eos first, ties (candidates, final ranking), small vocabularies, odd token ids
    case("max_len 1: one step, the open hypotheses truncated after one token",
         step_fn=bigram({0: [-1, -0.5, -2, -0.75]}), bos=0, eos=3, beam_size=3, max_len=1, layer="edge",
         hint=MAX_LEN + " With max_len 1 that is one step: [0, 3] finishes; [0, 1] and [0, 0] are truncated."),
    case("eos the best first token: [bos, eos] alone (n = 1)", step_fn=bigram({0: [-2, -1, -0.5]}), bos=0, eos=2,
         beam_size=1, max_len=4, length_penalty=1.0, layer="edge",
         hint=BS + "[0, 2] finishes at step 1 and takes the only slot: the search ends. n counts eos: n = 1."),
    case("three equal scores: the lowest flat index wins, not the largest tokens",
         step_fn=bigram({0: [-9, -2, -1, -1.5, -9], 2: [-9, -2.5, -0.5, -0.75, -9], 3: [-9, -2, -9, -9, -9],
                         1: [-9, -1.5, -9, -9, -9]}), bos=0, eos=4, beam_size=3, max_len=2, layer="edge",
         hint=TIES + " Here the beam is [0, 2], [0, 3], [0, 1] (by score), and [0, 2, 1], [0, 3, 1], [0, 1, 1] all "
                     "score -3.5: [0, 2, 1] comes from the first hypothesis of the beam."),
    case("equal scores from two hypotheses: the earlier hypothesis of the beam first",
         step_fn=bigram({0: [-9, -1, -2, -9], 1: [-9, -1, -2, -9], 2: [-9, -1, -9, -9]}), bos=0, eos=3,
         beam_size=2, max_len=2, layer="edge",
         hint=TIES + " Here [0, 1, 2] and [0, 2, 1] both score -3: [0, 1] comes first in the beam."),
    case("equal scores from one hypothesis: the lower token first", step_fn=bigram({0: [-9, -1, -1, -9]}), bos=0,
         eos=3, beam_size=1, max_len=2, layer="edge", hint=TIES),
    case("equal scores at step 1: the lower tokens fill the beam",
         step_fn=bigram({1: [-1, -1, -1, -1], 2: [-1, -2, -4, -3]}), bos=1, eos=0, beam_size=3, max_len=2,
         layer="edge", hint=TIES),
    case("equal normalised scores keep the order of finishing",
         step_fn=bigram({0: [-9, -1, -8, -2], 1: [-9, -8, -7, -1], 2: [-9, -9, -9, -9]}), bos=0, eos=3, beam_size=3,
         max_len=2, layer="edge",
         hint=FINISH_ORDER + " [0, 3] finished at step 1, [0, 1, 3] at step 2: both score -2."),
    case("a truncated hypothesis comes after a finished one of equal score",
         step_fn=bigram({0: [-9, -1, -1.5, -9], 1: [-9, -9, -1, -9], 2: [-9, -9, -9, -0.5]}), bos=0, eos=3,
         beam_size=2, max_len=2, layer="edge",
         hint=FINISH_ORDER + " [0, 1, 2] (truncated) and [0, 2, 3] (finished) both score -2."),
    case("beam_size larger than the candidates: every candidate kept", step_fn=WORKED, bos=0, eos=2, beam_size=6,
         max_len=2, layer="edge", hint=BS + "keep all the candidates when there are fewer than the free slots."),
    case("step_fn returns Python lists", step_fn=bigram({0: [-3, -0.5, -0.6], 1: [-2, -1.5, -0.25]}, as_list=True),
         bos=0, eos=2, beam_size=2, max_len=3, length_penalty=1.0, layer="edge", hint=LISTS),
    case("eos is token 0 and bos is token 2", step_fn=bigram({2: [-1, -0.5, -2], 1: [-0.5, -1, -0.25]}), bos=2, eos=0,
         beam_size=2, max_len=3, layer="edge",
         hint=BS + "token ids are only ids: eos may be 0 (test `t == eos`, never the truth of a token), and bos may "
                   "come back as an ordinary token."),
    case("positive log-probs (step_fn's output is not normalised)",
         step_fn=bigram({0: [0.5, 1, -1], 1: [1.5, -0.5, 1.75]}), bos=0, eos=2, beam_size=2, max_len=3,
         length_penalty=1.0, layer="edge",
         hint=BS + "step_fn's values are used as they are (they need not sum to 1, and may be > 0): no softmax, no "
                   "score that starts below every candidate."),
    *generated("random with tied scores V={size}", tied, sizes=[2, 3, 4], seeds=range(3), hint=TIES, layer="edge"),
    *generated("random with tied scores, a wide beam V={size}", lambda rng, v: tied(rng, v, wide=True),
               sizes=[5, 6], seeds=range(3), hint=TIES, layer="edge"),
    *generated("random log-probs in [-2, 2) V={size}", lambda rng, v: random_search(rng, v, low=-2.0, high=2.0),
               sizes=[3, 4], seeds=range(2), hint=ALGORITHM, layer="edge"),
    *generated("random, step_fn returns lists V={size}", lambda rng, v: random_search(rng, v, as_list=True),
               sizes=[3], seeds=range(2), hint=LISTS, layer="edge"),
    # invalid input
    case("beam_size 0 is invalid", step_fn=WORKED, bos=0, eos=2, beam_size=0, max_len=3, raises=ValueError,
         hint=BS + "beam_size < 1 raises ValueError."),
    case("negative beam_size is invalid", step_fn=WORKED, bos=0, eos=2, beam_size=-2, max_len=3, raises=ValueError,
         hint=BS + "beam_size < 1 raises ValueError."),
    case("max_len 0 is invalid", step_fn=WORKED, bos=0, eos=2, beam_size=2, max_len=0, raises=ValueError,
         hint=BS + "max_len < 1 raises ValueError (there would be no step at all)."),
]


def grade(kata, c) -> None:
    """One case: the learner's search with our step_fn against the reference's, calls and result."""
    got, calls = kata.run(NAME, c, decode, *c.args.values())
    want, want_calls = reference_decode(kata, c)
    try:
        check_calls(kata, c, calls, want_calls)
        kata.compare(NAME, c, got, want, Hypotheses())
        check_call_set(kata, c, calls, want_calls)
    except KataFailure as failure:
        raise with_rows(failure, c.args["step_fn"], want_calls) from None


def with_rows(failure: KataFailure, lm: LM, want_calls: list) -> KataFailure:
    """A failure whose table is too large to print gets the rows the right search reads."""
    if not repr(lm).startswith("random log-probs"):
        return failure
    rows = [f"    after {p}: [{', '.join(f'{x:g}' for x in lm.log_probs(tuple(p)))}]" for p in unique(want_calls)]
    lines = str(failure).split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith("  hint:")), len(lines))
    more = [f"    ... ({len(rows)} in all)"] if len(rows) > 10 else []
    out = KataFailure("\n".join(lines[:at] + ["  step_fn's log-probs after the prefixes the right search expands:",
                                               *rows[:10], *more] + lines[at:]))
    out.layer = getattr(failure, "layer", None)
    return out


@pytest.mark.parametrize("case", CASES, ids=str)
def test_beam_search(kata, case):
    if case.raises is not None:
        try:
            kata.run(NAME, case, decode, *case.args.values())
        except ValueError:
            return
        kata.fail(NAME, case, "expected ValueError, but beam_search() returned normally", hint=case.hint)
    kata.graded(case, lambda c: grade(kata, c))
