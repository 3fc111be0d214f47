"""WRONG: encode applies each merge once, in learned order, but only at its first occurrence."""
from planted.bpe._plain import train

EXPECT = "only at its first occurrence"


def train_bpe(word_counts, num_merges):
    return train(word_counts, num_merges)


def encode(word, merges):
    tokens = list(word)
    for left, right in merges:
        for i in range(len(tokens) - 1):
            if tokens[i] == left and tokens[i + 1] == right:
                tokens[i:i + 2] = [left + right]
                break
    return tokens
