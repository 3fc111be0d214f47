"""RIGHT: Sennrich et al.'s space-joined words, merged with a regex whose lookarounds keep symbol
boundaries (no end-of-word marker); encode merges one occurrence at a time, by (rank, position)."""
import re
from collections import defaultdict


def train_bpe(word_counts, num_merges):
    if num_merges < 0 or any(c < 1 for c in word_counts.values()) or "" in word_counts:
        raise ValueError("invalid corpus or num_merges")
    vocab = {" ".join(word): count for word, count in word_counts.items()}
    merges = []
    for _ in range(num_merges):
        stats = defaultdict(int)
        for word, count in vocab.items():
            symbols = word.split()
            for i in range(len(symbols) - 1):
                stats[symbols[i], symbols[i + 1]] += count
        if not stats:
            break
        top = max(stats.values())
        best = min(p for p, c in stats.items() if c == top)
        merges.append(best)
        pattern = re.compile(r"(?<!\S)" + re.escape(" ".join(best)) + r"(?!\S)")
        vocab = {pattern.sub("".join(best), word): count for word, count in vocab.items()}
    return merges


def encode(word, merges):
    rank = {pair: r for r, pair in enumerate(merges)}
    tokens = list(word)
    while True:
        candidates = [(rank[tokens[i], tokens[i + 1]], i) for i in range(len(tokens) - 1)
                      if (tokens[i], tokens[i + 1]) in rank]
        if not candidates:
            return tokens
        _, i = min(candidates)
        tokens[i:i + 2] = [tokens[i] + tokens[i + 1]]
