"""WRONG: Sennrich's end-of-word marker: each word starts as its characters followed by '</w>'."""
from planted.bpe._plain import train, encode as _encode

EXPECT = "end-of-word marker"


def train_bpe(word_counts, num_merges):
    return train(word_counts, num_merges, splits={w: list(w) + ["</w>"] for w in word_counts})


encode = _encode
