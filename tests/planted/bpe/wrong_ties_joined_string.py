"""WRONG: equal counts broken by the merged string left + right instead of the (left, right) tuple."""
from planted.bpe._plain import train, encode as _encode

EXPECT = "merged string left + right"


def train_bpe(word_counts, num_merges):
    return train(word_counts, num_merges, pick=lambda stats: min(stats, key=lambda p: (-stats[p], p[0] + p[1])))


encode = _encode
