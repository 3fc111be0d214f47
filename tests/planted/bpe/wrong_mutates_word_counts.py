"""WRONG: keeps its state in the caller's dict: word_counts is rewritten to {space-joined symbols: count}."""
import re

from planted.bpe._plain import check, encode as _encode

EXPECT = "modified its input `word_counts` in place"


def train_bpe(word_counts, num_merges):
    check(word_counts, num_merges)
    vocab = word_counts
    for word in list(vocab):
        vocab[" ".join(word)] = vocab.pop(word)
    merges = []
    for _ in range(num_merges):
        stats = {}
        for word, count in vocab.items():
            symbols = word.split()
            for pair in zip(symbols, symbols[1:]):
                stats[pair] = stats.get(pair, 0) + count
        if not stats:
            break
        best = min(stats, key=lambda p: (-stats[p], p))
        merges.append(best)
        pattern = re.compile(r"(?<!\S)" + re.escape(" ".join(best)) + r"(?!\S)")
        for word in list(vocab):
            vocab[pattern.sub("".join(best), word)] = vocab.pop(word)
    return merges


encode = _encode
