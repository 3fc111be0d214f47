"""Graded tests for the bpe kata. Run: pytest katas/bpe   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Equal, Problem, case, crash, generated, mistake

# -- hints, one idea each ------------------------------------------------------------------------
TIES = ("train_bpe(): equal counts: take the SMALLEST (left, right) tuple in Python's order, e.g. "
        "min(stats, key=lambda p: (-stats[p], p)). max(stats, key=stats.get) takes the pair seen first.")
WEIGHTED = ("train_bpe(): a pair inside a word of count 5 counts 5 times: add the word's count for every "
            "occurrence, not 1 per word.")
BOUNDARY = ("train_bpe(): merge symbol by symbol (compare symbols[i] and symbols[i + 1] with the pair), never "
            "with str.replace on the space-joined word: 'xa b'.replace('a b', 'ab') glues 'xa' and 'b'.")
OVERLAP = ("train_bpe(): count every adjacent position: 'a a a' holds (a, a) twice (positions 0-1 and 1-2), "
           "even though merging it gives 'aa a'. Count with zip(symbols, symbols[1:]): not str.count, not a set "
           "of pairs per word.")
LEFT_TO_RIGHT = ("train_bpe(): merge scanning left to right without overlap: 'a a a' becomes 'aa a', "
                 "'a a a a' becomes 'aa aa'.")
COUNT_ONE = ("train_bpe(): a pair seen once is still the most frequent pair when nothing is seen more often: "
             "it merges. Stop only after num_merges rounds or when no word has two symbols left.")
EXHAUSTED = ("train_bpe(): when every word is a single symbol there are no pairs left: stop and return the "
             "merges so far (fewer than num_merges), before taking max() or min() over no pairs.")
NO_MARKER = ("train_bpe(): no end-of-word marker here: a word starts as exactly its characters (no '</w>').")
RANK = ("encode(): GPT-2's rule: among the adjacent pairs of the word that are in merges, merge the one "
        "learned EARLIEST (lowest index in merges), wherever it is in the word; repeat.")
UNSEEN = "encode(): a character that no merge uses stays a token of its own: the tokens always join back to the word."
EMPTY_WORD = "encode(): the empty word has no tokens: return []."
ONE_CHAR = "encode(): a one-character word is one token: return a list, ['a'], never the string 'a'."


# -- specs ---------------------------------------------------------------------------------------
class Merges(Equal):
    """Equal(), with the merges checked as (left, right) tuples of strings and the first merge that
    differs named (a generic feature written here, not in sensei/)."""

    def problem(self, got, expected):
        if isinstance(got, list):
            for i, pair in enumerate(got):
                if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(s, str) for s in pair)):
                    return Problem(f"result[{i}] should be a tuple of two strings (left, right), got {pair!r}",
                                   hint="train_bpe() returns a list of (left, right) tuples of str.")
        problem = super().problem(got, expected)
        if problem is None or not isinstance(got, list):
            return problem
        first = next((i for i, (g, e) in enumerate(zip(got, expected)) if g != e), None)
        if first is not None:
            return Problem(f"merge {first} differs: expected {expected[first]!r}, got {got[first]!r}",
                           details=[f"the first {first} merges agree"] if first else [])
        return Problem(f"expected {len(expected)} merges, got {len(got)} (the first {min(len(got), len(expected))}"
                       " agree)")


class Tokens(Equal):
    """Equal(), saying when the tokens do not even join back to the word."""

    def problem(self, got, expected):
        problem = super().problem(got, expected)
        if problem is not None and isinstance(got, list) and all(isinstance(t, str) for t in got):
            if "".join(got) != "".join(expected):
                problem.summary = "the tokens do not join back to the word"
                problem.details.append(f"your tokens join to {''.join(got)!r}, not to the word "
                                       f"{''.join(expected)!r}")
        return problem


# -- BPE with one mistake's knob turned (what each mistake returns; never shown) ------------------
def merged(symbols, pair, right_to_left=False):
    """symbols with the occurrences of pair merged, without overlap, scanning from one end."""
    seq = symbols[::-1] if right_to_left else symbols
    first, second = pair[::-1] if right_to_left else pair
    out, i = [], 0
    while i < len(seq):
        if i + 1 < len(seq) and seq[i] == first and seq[i + 1] == second:
            out.append(pair[0] + pair[1])
            i += 2
        else:
            out.append(seq[i])
            i += 1
    return out[::-1] if right_to_left else out


def replaced(symbols, pair):
    """str.replace on the space-joined word: merges across symbol boundaries too."""
    return " ".join(symbols).replace(" ".join(pair), "".join(pair)).split(" ")


def pair_counts(symbols, overlap=True):
    """(pair, 1) for each adjacent pair; without overlap, a run "x x x" holds (x, x) once."""
    out, previous = [], None
    for pair in zip(symbols, symbols[1:]):
        if not overlap and pair == previous and pair[0] == pair[1]:
            previous = None
            continue
        out.append(pair)
        previous = pair
    return out


def learn(word_counts, num_merges, *, ties="smallest", weighted=True, overlap=True, merge="left",
          stop_at_one=False, marker=False):
    """train_bpe, recounting every round; the keywords turn one mistake on (defaults: the contract)."""
    words = {w: list(w) + (["</w>"] if marker else []) for w in word_counts}
    merges = []
    while len(merges) < num_merges:
        stats = {}
        for word, symbols in words.items():
            for pair in pair_counts(symbols, overlap):
                stats[pair] = stats.get(pair, 0) + (word_counts[word] if weighted else 1)
        if not stats:
            break
        if ties == "first":
            best = max(stats, key=stats.get)
        elif ties == "largest":
            best = max(stats, key=lambda p: (stats[p], p))
        elif ties == "joined":
            best = min(stats, key=lambda p: (-stats[p], p[0] + p[1]))
        else:
            best = min(stats, key=lambda p: (-stats[p], p))
        if stop_at_one and stats[best] < 2:
            break
        merges.append(best)
        if merge == "replace":
            words = {w: replaced(s, best) for w, s in words.items()}
        else:
            words = {w: merged(s, best, right_to_left=merge == "right") for w, s in words.items()}
    return merges


def encode_leftmost(word, merges):
    """The leftmost adjacent pair that is in merges first, whatever its rank."""
    known, symbols = set(merges), list(word)
    while True:
        i = next((i for i in range(len(symbols) - 1) if (symbols[i], symbols[i + 1]) in known), None)
        if i is None:
            return symbols
        symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]


def encode_longest(word, merges):
    """WordPiece's greedy longest match over the vocabulary (characters and merged symbols)."""
    vocab = {s for pair in merges for s in (*pair, pair[0] + pair[1])}
    out, i = [], 0
    while i < len(word):
        j = next((j for j in range(len(word), i + 1, -1) if word[i:j] in vocab), i + 1)
        out.append(word[i:j])
        i = j
    return out


def encode_by_rank(word, merges, pick=min):
    """GPT-2's loop, choosing among the present pairs with `pick` over their ranks."""
    rank = {pair: r for r, pair in enumerate(merges)}
    symbols = list(word)
    while True:
        present = [p for p in zip(symbols, symbols[1:]) if p in rank]
        if not present:
            return symbols
        symbols = merged(symbols, pick(present, key=rank.get))


def encode_once_first(word, merges):
    """Each merge once, in learned order, but only at its first occurrence."""
    symbols = list(word)
    for left, right in merges:
        i = next((i for i in range(len(symbols) - 1) if symbols[i] == left and symbols[i + 1] == right), None)
        if i is not None:
            symbols[i:i + 2] = [left + right]
    return symbols


def encode_replace(word, merges):
    """Each merge in learned order with str.replace on the space-joined word."""
    text = " ".join(word)
    for pair in merges:
        text = text.replace(" ".join(pair), "".join(pair))
    return text.split(" ") if word else []


def encode_dropping_unseen(ref, word, merges):
    """Tokens of characters that no merge uses left out."""
    known = {c for pair in merges for s in pair for c in s}
    return [t for t in ref.encode(word, merges) if len(t) > 1 or t in known]


def encode_one_char_str(ref, word, merges):
    """GPT-2's own `if not pairs: return token`: a word without pairs comes back as the string."""
    return word if len(word) < 2 else ref.encode(word, merges)


def trainer(**knobs):
    return lambda ref, word_counts, num_merges: learn(word_counts, num_merges, **knobs)


MISTAKES = [
    mistake("train_bpe", "equal counts broken by the pair seen first (max(stats, key=stats.get))",
            fix=TIES, gives=trainer(ties="first")),
    mistake("train_bpe", "equal counts broken by the LARGEST pair", fix=TIES, gives=trainer(ties="largest")),
    mistake("train_bpe", "equal counts broken by the merged string left + right, not the (left, right) tuple",
            fix="train_bpe(): compare ties as (left, right) tuples: ('a', 'bd') < ('ab', 'c') because 'a' < 'ab', "
                "although 'abd' > 'abc'.", gives=trainer(ties="joined")),
    mistake("train_bpe", "each word counted once (its count ignored)", fix=WEIGHTED, gives=trainer(weighted=False)),
    mistake("train_bpe", "merged with str.replace on the joined word: symbols glued across boundaries",
            fix=BOUNDARY, gives=trainer(merge="replace")),
    mistake("train_bpe", "a repeated pair counted too few times ('a a a' holds (a, a) twice)", fix=OVERLAP,
            gives=trainer(overlap=False)),
    mistake("train_bpe", "merged scanning right to left ('a a a' became 'a aa')", fix=LEFT_TO_RIGHT,
            gives=trainer(merge="right")),
    mistake("train_bpe", "stopped when the best pair is seen only once", fix=COUNT_ONE, gives=trainer(stop_at_one=True)),
    mistake("train_bpe", "an end-of-word marker '</w>' added to each word", fix=NO_MARKER, gives=trainer(marker=True)),
    crash("train_bpe", "max() or min() over no pairs once every word is one symbol", fix=EXHAUSTED,
          raised="arg is an empty sequence"),
    crash("train_bpe", "max() or min() over no pairs once every word is one symbol", fix=EXHAUSTED,
          raised="iterable argument is empty"),
    mistake("encode", "a word without pairs returned as a string, not a list of tokens", fix=ONE_CHAR,
            gives=encode_one_char_str),
    mistake("encode", "characters that no merge uses dropped", fix=UNSEEN, gives=encode_dropping_unseen),
    mistake("encode", "greedy longest match over the vocabulary (WordPiece), not BPE's merges",
            fix=RANK + " Greedy longest match is WordPiece's rule.",
            gives=lambda ref, word, merges: encode_longest(word, merges)),
    mistake("encode", "the leftmost mergeable pair merged first, not the earliest learned",
            fix=RANK, gives=lambda ref, word, merges: encode_leftmost(word, merges)),
    mistake("encode", "the pair learned LAST merged first", fix=RANK,
            gives=lambda ref, word, merges: encode_by_rank(word, merges, pick=max)),
    mistake("encode", "each merge applied once, only at its first occurrence",
            fix="encode(): a merge joins EVERY occurrence of its pair in the word, not only the first.",
            gives=lambda ref, word, merges: encode_once_first(word, merges)),
    mistake("encode", "merged with str.replace on the joined word: symbols glued across boundaries",
            fix="encode(): merge symbol by symbol, never with str.replace on the space-joined word: "
                "'xa b'.replace('a b', 'ab') glues 'xa' and 'b'.",
            gives=lambda ref, word, merges: encode_replace(word, merges)),
]


# -- inputs ----------------------------------------------------------------------------------------
HF = {"hug": 10, "pug": 5, "pun": 12, "bun": 4, "hugs": 5}  # the Hugging Face course's corpus
HF_MERGES = learn(HF, 10)


def random_corpus(rng, n_words, alphabet="abcdef", max_len=8, max_count=20):
    """Up to n_words distinct random words over a skewed alphabet (so that some pairs are frequent),
    counts 1..max_count."""
    letters = list(alphabet[:int(rng.integers(2, len(alphabet) + 1))])
    chars = rng.choice(letters, size=(4 * n_words, max_len), p=rng.dirichlet([0.7] * len(letters)))
    lengths = rng.integers(1, max_len + 1, size=4 * n_words)
    words = list(dict.fromkeys("".join(row[:n]) for row, n in zip(chars, lengths)))[:n_words]
    return {w: int(c) for w, c in zip(words, rng.integers(1, max_count + 1, size=len(words)))}


def random_training(rng, size):
    return {"word_counts": random_corpus(rng, size), "num_merges": int(rng.integers(1, 3 * size + 2))}


def random_ones(rng, size):
    """Every count 1: ties everywhere."""
    corpus = random_corpus(rng, size, max_count=1)
    return {"word_counts": corpus, "num_merges": int(rng.integers(1, 3 * size + 2))}


def random_runs(rng, size):
    """Words with long runs of one letter ("aaaab"): overlapping pairs and left-to-right merging."""
    corpus = {}
    while len(corpus) < size:
        word = "".join(c * int(rng.integers(1, 6)) for c in rng.choice(list("abc"), size=int(rng.integers(1, 4))))
        corpus[word] = int(rng.integers(1, 6))
    return {"word_counts": corpus, "num_merges": int(rng.integers(1, 3 * size + 2))}


def random_encoding(rng, size):
    """Merges learned from a random corpus; a random word of `size` characters (a few never seen)."""
    corpus = random_corpus(rng, 30, max_len=10)
    letters = sorted({c for w in corpus for c in w}) + ["x"]
    word = "".join(rng.choice(letters, size=size))
    return {"word": word, "merges": learn(corpus, int(rng.integers(5, 40)))}


TRAIN_CASES = [
    case("two merges, no ties", word_counts={"hug": 3, "ug": 1}, num_merges=2),
    case("equal counts: the smallest pair first", word_counts={"mn": 1, "zy": 1, "ab": 1}, num_merges=3, hint=TIES),
    case("worked example: the HF course corpus, 10 merges (only 7 possible)", word_counts=HF, num_merges=10,
         hint="train_bpe(): the statement works this corpus by hand: compare round by round."),
    case("worked example, 4 merges", word_counts=HF, num_merges=4,
         hint="train_bpe(): exactly num_merges rounds (when there are pairs left): 4 merges here."),
    case("a word's count weights its pairs", word_counts={"ab": 1, "cd": 5}, num_merges=2, hint=WEIGHTED),
    case("merges never cross symbol boundaries", word_counts={"xa": 5, "xab": 1, "ab": 1}, num_merges=3,
         hint=BOUNDARY),
    case("'zzz' holds (z, z) twice", word_counts={"zzz": 1, "ab": 1}, num_merges=3, hint=OVERLAP),
    case("'aaa' merges to 'aa a'", word_counts={"aaa": 1}, num_merges=2, hint=LEFT_TO_RIGHT),
    case("'aaaaa' merges to 'aa aa a'", word_counts={"aaaaa": 2, "b": 1}, num_merges=4, hint=LEFT_TO_RIGHT),
    *generated("random corpus of {size} words", random_training, sizes=[4, 30, 150], seeds=range(3)),
    *generated("random corpus of {size} words, every count 1", random_ones, sizes=[6, 40], seeds=range(2),
               hint=TIES),
    *generated("random corpus of {size} words with runs of one letter", random_runs, sizes=[5, 30],
               seeds=range(2), hint=OVERLAP + " " + LEFT_TO_RIGHT),
    # edge cases: pairs seen once, nothing left to merge, ties decided by Python's string order
    case("a pair seen once still merges", word_counts={"ab": 1}, num_merges=1, layer="edge", hint=COUNT_ONE),
    case("stops when every word is one symbol", word_counts={"ab": 3, "c": 2}, num_merges=5, layer="edge",
         hint=EXHAUSTED),
    case("num_merges = 0 gives []", word_counts=HF, num_merges=0, layer="edge",
         hint="train_bpe(): num_merges = 0 learns nothing: return []."),
    case("single-character words give []", word_counts={"a": 3, "b": 1}, num_merges=4, layer="edge",
         hint="train_bpe(): a one-character word has no pair (and no '</w>' to pair with): nothing to merge."),
    case("no words give []", word_counts={}, num_merges=3, layer="edge", hint=EXHAUSTED),
    case("ties compare (left, right) tuples, not left + right", word_counts={"abc": 2, "abd": 2, "bd": 3},
         num_merges=4, layer="edge",
         hint="train_bpe(): in round 3, ('a', 'bd') and ('ab', 'c') both count 2: ('a', 'bd') is the smaller "
              "tuple ('a' < 'ab'), although 'abd' > 'abc'."),
    case("ties in Python's order: uppercase before lowercase", word_counts={"ab": 1, "Ba": 1}, num_merges=1,
         layer="edge", hint="train_bpe(): compare strings with Python's own <: 'B' < 'a' (code points)."),
    # invalid input (polish)
    case("num_merges < 0 is invalid", word_counts=HF, num_merges=-1, raises=ValueError,
         hint="train_bpe(): raise ValueError when num_merges < 0."),
    case("a count of 0 is invalid", word_counts={"ab": 2, "cd": 0}, num_merges=2, raises=ValueError,
         hint="train_bpe(): every count must be >= 1: raise ValueError otherwise."),
    case("a negative count is invalid", word_counts={"ab": -3}, num_merges=1, raises=ValueError,
         hint="train_bpe(): every count must be >= 1: raise ValueError otherwise."),
    case("an empty word is invalid", word_counts={"ab": 2, "": 4}, num_merges=1, raises=ValueError,
         hint="train_bpe(): the empty word has no characters: raise ValueError for it."),
]


ENCODE_CASES = [
    case("worked example: 'hugs'", word="hugs", merges=HF_MERGES, hint=RANK),
    case("worked example: 'bugs'", word="bugs", merges=HF_MERGES,
         hint="encode(): ('b', 'ug') was never learned, so 'b' stays a token of its own: b + ug + s."),
    case("worked example: 'mug'", word="mug", merges=HF_MERGES, hint=UNSEEN),
    case("worked example: 'pugs'", word="pugs", merges=HF_MERGES, hint=RANK),
    case("the earliest merge first: (a, b) before (b, c)", word="abc", merges=learn({"ab": 5, "bc": 2}, 2),
         hint=RANK),
    case("the earliest merge first: (c, a) before (b, c) in 'bca'", word="bca",
         merges=learn({"ca": 5, "bc": 2, "cbca": 1}, 3), hint=RANK),
    case("the earliest merge first, even on the right: (b, c) before (a, b)", word="abc",
         merges=learn({"bc": 5, "ab": 2}, 2), hint=RANK),
    case("every occurrence of a pair merges", word="abxab", merges=learn({"ab": 3}, 1),
         hint="encode(): a merge joins every occurrence of its pair in the word, left to right."),
    *generated("random word of {size} characters", random_encoding, sizes=[4, 12, 40], seeds=range(4), hint=RANK),
    # edge cases: characters never seen, nothing to merge, runs of one letter
    case("unseen characters stay single tokens", word="xyz", merges=HF_MERGES, layer="edge", hint=UNSEEN),
    case("unseen characters between known ones", word="hugzhug", merges=HF_MERGES, layer="edge", hint=UNSEEN),
    case("the empty word gives []", word="", merges=HF_MERGES, layer="edge", hint=EMPTY_WORD),
    case("a one-character word is a list of one token", word="u", merges=HF_MERGES, layer="edge", hint=ONE_CHAR),
    case("no merges: the characters", word="hug", merges=[], layer="edge",
         hint="encode(): with no merges, every character is a token."),
    case("'aaaaa' encodes like training merged it", word="aaaaa", merges=learn({"aaaaa": 1}, 3), layer="edge",
         hint="encode(): merge left to right without overlap: (a, a) turns 'a a a a a' into 'aa aa a' (not "
              "'a aa aa'), then (aa, a) gives 'aa aaa'."),
]


@pytest.mark.parametrize("case", TRAIN_CASES, ids=str)
def test_train_bpe(kata, case):
    kata.check("train_bpe", case, Merges())


@pytest.mark.parametrize("case", ENCODE_CASES, ids=str)
def test_encode(kata, case):
    kata.check("encode", case, Tokens())


def zipf_corpus(n_words, seed=0):
    """n_words distinct words built from syllables, with Zipf-like counts (a small natural-looking corpus)."""
    rng = np.random.default_rng(seed)
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["th", "ing", "er", "s", "ed"]
    corpus = {}
    while len(corpus) < n_words:
        word = "".join(rng.choice(syllables, size=int(rng.integers(1, 5))))
        corpus.setdefault(word, max(1, int(10_000 / (len(corpus) + 1) ** 1.1)))
    return corpus


@pytest.mark.parametrize("n_words", [2000])
def test_benchmark_train_bpe(kata_bench, n_words):
    kata_bench("train_bpe", case("", word_counts=zipf_corpus(n_words), num_merges=200), label=f"{n_words} words")
