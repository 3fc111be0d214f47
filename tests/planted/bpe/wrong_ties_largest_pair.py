"""WRONG: the best pair is the largest (count, pair): equal counts go to the LARGEST pair."""
from planted.bpe._plain import train, encode as _encode

EXPECT = "LARGEST pair"


def train_bpe(word_counts, num_merges):
    return train(word_counts, num_merges, pick=lambda stats: max(stats.items(), key=lambda kv: (kv[1], kv[0]))[0])


encode = _encode
