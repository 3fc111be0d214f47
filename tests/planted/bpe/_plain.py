"""A plain BPE as a learner writes it (recount every round), built from parts, so that each planted
mistake replaces one part: counting, picking the best pair, merging, or encoding."""
from collections import Counter


def check(word_counts, num_merges):
    if num_merges < 0:
        raise ValueError("num_merges must be >= 0")
    if any(not w or c < 1 for w, c in word_counts.items()):
        raise ValueError("words must be non-empty with counts >= 1")


def count_pairs(splits, word_counts):
    stats = Counter()
    for word, symbols in splits.items():
        for pair in zip(symbols, symbols[1:]):
            stats[pair] += word_counts[word]
    return stats


def pick(stats):
    return min(stats, key=lambda p: (-stats[p], p))


def merge(symbols, pair):
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(pair[0] + pair[1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


def train(word_counts, num_merges, *, count_pairs=count_pairs, pick=pick, merge=merge, validate=True,
          splits=None):
    if validate:
        check(word_counts, num_merges)
    splits = {w: list(w) for w in word_counts} if splits is None else splits
    merges = []
    for _ in range(num_merges):
        stats = count_pairs(splits, word_counts)
        if not stats:
            break
        best = pick(stats)
        merges.append(best)
        splits = {w: merge(s, best) for w, s in splits.items()}
    return merges


def encode(word, merges):
    rank = {pair: r for r, pair in enumerate(merges)}
    symbols = list(word)
    while len(symbols) > 1:
        pairs = [p for p in zip(symbols, symbols[1:]) if p in rank]
        if not pairs:
            break
        symbols = merge(symbols, min(pairs, key=rank.get))
    return symbols
