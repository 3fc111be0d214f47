"""RIGHT: brute force: recount every pair of every word each round with plain loops; encode applies each
merge once, in learned order, to the whole word (the same as GPT-2's rule for merges train_bpe learned)."""


def merge(symbols, left, right):
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and symbols[i] == left and symbols[i + 1] == right:
            out.append(left + right)
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


def train_bpe(word_counts, num_merges):
    if num_merges < 0:
        raise ValueError("num_merges < 0")
    for word in word_counts:
        if word == "" or word_counts[word] < 1:
            raise ValueError("empty word or count < 1")
    splits = [(list(word), count) for word, count in word_counts.items()]
    merges = []
    while len(merges) < num_merges:
        counts = {}
        for symbols, count in splits:
            for i in range(len(symbols) - 1):
                pair = (symbols[i], symbols[i + 1])
                counts[pair] = counts.get(pair, 0) + count
        if not counts:
            break
        best = None
        for pair in sorted(counts):
            if best is None or counts[pair] > counts[best]:
                best = pair
        merges.append(best)
        splits = [(merge(symbols, *best), count) for symbols, count in splits]
    return merges


def encode(word, merges):
    symbols = list(word)
    for left, right in merges:
        symbols = merge(symbols, left, right)
    return symbols
