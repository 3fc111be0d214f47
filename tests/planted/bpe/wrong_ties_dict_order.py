"""WRONG: the best pair is max(stats, key=stats.get): equal counts go to the pair counted first."""
from planted.bpe._plain import train, encode as _encode

EXPECT = "pair seen first"


def train_bpe(word_counts, num_merges):
    return train(word_counts, num_merges, pick=lambda stats: max(stats, key=stats.get))


encode = _encode
