"""WRONG: runs num_merges rounds whatever happens: once every word is one symbol, min() of no pairs raises."""
from planted.bpe._plain import check, count_pairs, merge, encode as _encode

EXPECT = "once every word is one symbol"


def train_bpe(word_counts, num_merges):
    check(word_counts, num_merges)
    splits = {w: list(w) for w in word_counts}
    merges = []
    for _ in range(num_merges):
        stats = count_pairs(splits, word_counts)
        best = min(stats, key=lambda p: (-stats[p], p))
        merges.append(best)
        splits = {w: merge(s, best) for w, s in splits.items()}
    return merges


encode = _encode
