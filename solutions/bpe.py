"""Reference solution for the bpe kata: byte-pair encoding, trained on word counts (no end-of-word
marker), and GPT-2's encoding rule (the lowest-ranked pair first)."""
from __future__ import annotations

from collections import Counter, defaultdict


def merge_pair(symbols: list[str], pair: tuple[str, str]) -> list[str]:
    """`symbols` with every occurrence of `pair` merged, scanning left to right without overlap."""
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and symbols[i] == pair[0] and symbols[i + 1] == pair[1]:
            out.append(pair[0] + pair[1])
            i += 2  # without overlap: "a a a" gives "aa a"
        else:
            out.append(symbols[i])
            i += 1
    return out


def train_bpe(word_counts: dict[str, int], num_merges: int) -> list[tuple[str, str]]:
    """The merges learned from `word_counts`, most frequent pair first (ties: the smallest pair)."""
    if num_merges < 0:
        raise ValueError(f"num_merges must be >= 0, got {num_merges}")
    for word, count in word_counts.items():
        if not word or count < 1:
            raise ValueError(f"every word must be non-empty with a count >= 1, got {word!r}: {count}")
    words = [list(word) for word in word_counts]  # symbols of each word; the caller's dict is left alone
    counts = list(word_counts.values())
    # Pair counts are updated incrementally: only the words holding the merged pair change, so a
    # round costs what those words cost, not a recount of the whole corpus.
    stats: Counter = Counter()
    holders: defaultdict = defaultdict(set)  # pair -> indices of words that held it (some may be stale)
    for i, symbols in enumerate(words):
        for pair in zip(symbols, symbols[1:]):
            stats[pair] += counts[i]
            holders[pair].add(i)
    merges = []
    while len(merges) < num_merges and stats:  # stats is empty once every word is one symbol
        top = max(stats.values())
        best = min(pair for pair, count in stats.items() if count == top)  # ties: the smallest pair
        merges.append(best)
        for i in holders.pop(best):
            old = words[i]
            new = merge_pair(old, best)
            if len(new) == len(old):  # a stale index: this word lost the pair to an earlier merge
                continue
            for pair in zip(old, old[1:]):
                stats[pair] -= counts[i]
                if not stats[pair]:
                    del stats[pair]
            for pair in zip(new, new[1:]):
                stats[pair] += counts[i]
                holders[pair].add(i)
            words[i] = new
    return merges


def encode(word: str, merges: list[tuple[str, str]]) -> list[str]:
    """GPT-2's rule: merge the adjacent pair learned earliest, again and again, until none is in merges."""
    rank: dict = {}
    for r, pair in enumerate(merges):
        rank.setdefault(pair, r)
    symbols = list(word)
    while len(symbols) > 1:
        best = min(zip(symbols, symbols[1:]), key=lambda pair: rank.get(pair, len(rank)))
        if best not in rank:
            break
        symbols = merge_pair(symbols, best)
    return symbols
