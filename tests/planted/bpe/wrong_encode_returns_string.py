"""WRONG: GPT-2's `if not pairs: return token`: a word of fewer than two characters comes back as a string."""
from planted.bpe._plain import encode as _encode, train

EXPECT = "returned as a string"


def train_bpe(word_counts, num_merges):
    return train(word_counts, num_merges)


def encode(word, merges):
    if len(word) < 2:
        return word
    return _encode(word, merges)
