"""WRONG: stops as soon as the most frequent pair is seen only once ("not worth merging")."""
from planted.bpe._plain import check, count_pairs, merge, encode as _encode

EXPECT = "seen only once"


def train_bpe(word_counts, num_merges):
    check(word_counts, num_merges)
    splits = {w: list(w) for w in word_counts}
    merges = []
    while len(merges) < num_merges:
        stats = count_pairs(splits, word_counts)
        if not stats:
            break
        best = min(stats, key=lambda p: (-stats[p], p))
        if stats[best] < 2:
            break
        merges.append(best)
        splits = {w: merge(s, best) for w, s in splits.items()}
    return merges


encode = _encode
