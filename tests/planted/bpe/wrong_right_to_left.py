"""WRONG: merges occurrences scanning from the END of the word: 'a a a' becomes 'a aa'."""
from planted.bpe._plain import encode as _encode, train

EXPECT = "right to left"


def merge_from_the_end(symbols, pair):
    symbols = list(symbols)
    i = len(symbols) - 2
    while i >= 0:
        if (symbols[i], symbols[i + 1]) == pair:
            symbols[i:i + 2] = [pair[0] + pair[1]]
            i -= 2
        else:
            i -= 1
    return symbols


def train_bpe(word_counts, num_merges):
    return train(word_counts, num_merges, merge=merge_from_the_end)


encode = _encode
