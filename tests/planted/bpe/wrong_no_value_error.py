"""WRONG: no check of the input: a negative num_merges, a count < 1 and an empty word go through."""
from planted.bpe._plain import train, encode as _encode

EXPECT = "num_merges < 0"


def train_bpe(word_counts, num_merges):
    return train(word_counts, num_merges, validate=False)


encode = _encode
