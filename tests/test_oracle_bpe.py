"""The bpe reference against a brute force written from the definition: every round recounts every
adjacent pair of every word with plain loops; encode tries every adjacent pair each round."""
import copy
import importlib.util
import random

import pytest

from katatest import ROOT, reference

ref = reference("bpe")


def merge_all(symbols, left, right):
    """Occurrences of (left, right) merged, left to right, without overlap."""
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and symbols[i] == left and symbols[i + 1] == right:
            out.append(left + right)
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


def brute_train(word_counts, num_merges):
    words = [[list(w), c] for w, c in word_counts.items()]
    merges = []
    for _ in range(num_merges):
        counts = {}
        for symbols, c in words:
            for i in range(len(symbols) - 1):
                pair = (symbols[i], symbols[i + 1])
                counts[pair] = counts.get(pair, 0) + c
        if not counts:
            break
        best = None
        for pair, c in counts.items():
            if best is None or c > counts[best] or (c == counts[best] and pair < best):
                best = pair
        merges.append(best)
        for entry in words:
            entry[0] = merge_all(entry[0], *best)
    return merges


def brute_encode(word, merges):
    symbols = list(word)
    while True:
        best = None
        for i in range(len(symbols) - 1):
            pair = (symbols[i], symbols[i + 1])
            if pair in merges and (best is None or merges.index(pair) < merges.index(best)):
                best = pair
        if best is None:
            return symbols
        symbols = merge_all(symbols, *best)


def random_corpus(rng, alphabet, n_words, max_len, max_count):
    return {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, max_len))): rng.randint(1, max_count)
            for _ in range(n_words)}


CORPORA = [(seed, alphabet, n, max_len, max_count)
           for seed in range(40)
           for alphabet, n, max_len, max_count in [("ab", 4, 6, 3), ("abc", 8, 8, 5), ("abcdeAB", 15, 7, 10),
                                                  ("aab", 6, 10, 1)]]


@pytest.mark.parametrize("seed, alphabet, n, max_len, max_count", CORPORA)
def test_train_and_encode_match_brute_force(seed, alphabet, n, max_len, max_count):
    rng = random.Random(seed)
    corpus = random_corpus(rng, alphabet, n, max_len, max_count)
    num_merges = rng.randint(0, 40)
    before = copy.deepcopy(corpus)
    merges = ref.train_bpe(corpus, num_merges)
    assert corpus == before
    assert merges == brute_train(corpus, num_merges)
    assert all(type(m) is tuple and len(m) == 2 for m in merges)
    words = list(corpus) + ["".join(rng.choice(alphabet + "xy") for _ in range(rng.randint(0, 14)))
                            for _ in range(20)]
    for word in words:
        kept = list(merges)
        tokens = ref.encode(word, merges)
        assert merges == kept
        assert tokens == brute_encode(word, merges)
        assert "".join(tokens) == word
        # The contract's claim: for merges learned by train_bpe, GPT-2's rule equals applying each
        # merge once, in learned order (no symbol is ever made by two different merges).
        once = list(word)
        for pair in merges:
            once = merge_all(once, *pair)
        assert tokens == once
    assert len({left + right for left, right in merges}) == len(merges)


def test_worked_example():
    corpus = {"hug": 10, "pug": 5, "pun": 12, "bun": 4, "hugs": 5}
    merges = ref.train_bpe(corpus, 10)
    assert merges == [("u", "g"), ("u", "n"), ("h", "ug"), ("p", "un"), ("hug", "s"), ("p", "ug"), ("b", "un")]
    assert ref.encode("hugs", merges) == ["hugs"]
    assert ref.encode("bugs", merges) == ["b", "ug", "s"]
    assert ref.encode("mug", merges) == ["m", "ug"]
    assert ref.encode("pugs", merges) == ["pug", "s"]
    assert ref.encode("", merges) == []


def test_training_words_encode_as_training_left_them():
    corpus = random_corpus(random.Random(7), "abcd", 40, 9, 20)
    merges = ref.train_bpe(corpus, 25)
    splits = {w: list(w) for w in corpus}
    for pair in merges:
        splits = {w: merge_all(s, *pair) for w, s in splits.items()}
    assert {w: ref.encode(w, merges) for w in corpus} == splits


@pytest.mark.parametrize("word_counts, num_merges", [({"ab": 1}, -1), ({"ab": 0}, 1), ({"ab": -2}, 1),
                                                     ({"": 3}, 1), ({"ab": 2, "": 1}, 0)])
def test_invalid_input_raises(word_counts, num_merges):
    with pytest.raises(ValueError):
        ref.train_bpe(word_counts, num_merges)


def test_graded_cases_merges_are_the_references():
    """The encode cases of the graded tests take their merges from the test file's own trainer: it must
    learn what the reference learns."""
    spec = importlib.util.spec_from_file_location("bpe_graded_tests", ROOT / "katas" / "bpe" / "test_bpe.py")
    tests = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tests)
    rng = random.Random(3)
    for _ in range(60):
        corpus = random_corpus(rng, "abcd", rng.randint(1, 12), 8, 6)
        num_merges = rng.randint(0, 30)
        assert tests.learn(corpus, num_merges) == ref.train_bpe(corpus, num_merges)
    for c in tests.TRAIN_CASES:
        if c.raises is None:
            assert tests.learn(*c.args.values()) == ref.train_bpe(*c.args.values()), c.name
