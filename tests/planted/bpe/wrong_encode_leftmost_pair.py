"""WRONG: encode merges the leftmost adjacent pair that is in merges, whatever its rank."""
from planted.bpe._plain import train

EXPECT = "leftmost mergeable pair"


def train_bpe(word_counts, num_merges):
    return train(word_counts, num_merges)


def encode(word, merges):
    merges = set(merges)
    tokens = list(word)
    i = 0
    while i < len(tokens) - 1:
        if (tokens[i], tokens[i + 1]) in merges:
            tokens[i:i + 2] = [tokens[i] + tokens[i + 1]]
            i = 0
        else:
            i += 1
    return tokens
