"""WRONG: Sennrich's space-joined words, but merged with str.replace (no regex lookarounds): 'xa b' with
('a', 'b') becomes 'xab', gluing symbols across their boundaries."""
from collections import Counter

from planted.bpe._plain import check, encode as _encode

EXPECT = "glued across boundaries"


def train_bpe(word_counts, num_merges):
    check(word_counts, num_merges)
    vocab = {" ".join(w): c for w, c in word_counts.items()}
    merges = []
    for _ in range(num_merges):
        stats = Counter()
        for word, count in vocab.items():
            symbols = word.split()
            for pair in zip(symbols, symbols[1:]):
                stats[pair] += count
        if not stats:
            break
        best = min(stats, key=lambda p: (-stats[p], p))
        merges.append(best)
        vocab = {word.replace(" ".join(best), "".join(best)): count for word, count in vocab.items()}
    return merges


encode = _encode
