"""RIGHT: incremental pair counts in a heap with lazy deletion (entries (-count, pair) are checked against
the live counts when popped), words kept as linked lists of symbols."""
import heapq
from collections import Counter, defaultdict


def train_bpe(word_counts, num_merges):
    if num_merges < 0:
        raise ValueError("num_merges must be >= 0")
    if any(not w or c < 1 for w, c in word_counts.items()):
        raise ValueError("words must be non-empty with counts >= 1")
    words = [list(w) for w in word_counts]
    counts = list(word_counts.values())
    stats, where = Counter(), defaultdict(set)
    for i, symbols in enumerate(words):
        for pair in zip(symbols, symbols[1:]):
            stats[pair] += counts[i]
            where[pair].add(i)
    heap = [(-c, p) for p, c in stats.items()]
    heapq.heapify(heap)
    merges = []
    while len(merges) < num_merges and heap:
        neg, pair = heapq.heappop(heap)
        if stats.get(pair, 0) != -neg or -neg == 0:
            continue  # stale entry
        merges.append(pair)
        changed = Counter()
        for i in where.pop(pair, ()):
            old = words[i]
            new, j = [], 0
            while j < len(old):
                if j + 1 < len(old) and (old[j], old[j + 1]) == pair:
                    new.append(old[j] + old[j + 1])
                    j += 2
                else:
                    new.append(old[j])
                    j += 1
            if len(new) == len(old):
                continue
            for p in zip(old, old[1:]):
                changed[p] -= counts[i]
            for p in zip(new, new[1:]):
                changed[p] += counts[i]
                where[p].add(i)
            words[i] = new
        for p, delta in changed.items():
            if delta:
                stats[p] += delta
                if stats[p] > 0:
                    heapq.heappush(heap, (-stats[p], p))
                else:
                    del stats[p]
    return merges


def encode(word, merges):
    rank = {pair: r for r, pair in enumerate(merges)}
    tokens = list(word)
    while len(tokens) > 1:
        r, pair = min((rank.get(p, float("inf")), p) for p in zip(tokens, tokens[1:]))
        if r == float("inf"):
            break
        out, j = [], 0
        while j < len(tokens):
            if j + 1 < len(tokens) and (tokens[j], tokens[j + 1]) == pair:
                out.append(pair[0] + pair[1])
                j += 2
            else:
                out.append(tokens[j])
                j += 1
        tokens = out
    return tokens
