"""WRONG: encode by greedy longest match over the vocabulary (WordPiece's rule), not by merges."""
from planted.bpe._plain import train

EXPECT = "greedy longest match"


def train_bpe(word_counts, num_merges):
    return train(word_counts, num_merges)


def encode(word, merges):
    vocab = set(word) | {a + b for a, b in merges}
    tokens, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start + 1 and word[start:end] not in vocab:
            end -= 1
        tokens.append(word[start:end])
        start = end
    return tokens
