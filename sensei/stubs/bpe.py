"""Kata: byte-pair encoding (BPE). Read katas/bpe/README.md, then fill in the functions.

Grade yourself with:  pytest katas/bpe
"""
from __future__ import annotations


def train_bpe(word_counts: dict[str, int], num_merges: int) -> list[tuple[str, str]]:
    """The merges BPE learns from a corpus given as {word: count}, in the order learned.

    Each word starts as its characters (no end-of-word marker); words never merge with each other.
    Each round counts every adjacent pair of symbols over all words, weighted by the word's count
    ("aaa" holds ("a", "a") twice), takes the most frequent pair (ties: the smallest (left, right)
    tuple in Python's string order), appends it, and replaces its occurrences in every word, left
    to right without overlap ("a a a" -> "aa a"); the new symbol is left + right.
    Stops after num_merges rounds, or earlier when no word has two symbols left.
    Returns a list of (left, right) tuples of str. word_counts is not modified.
    Raises ValueError if num_merges < 0, a count is < 1, or a word is empty.
    """
    raise NotImplementedError


def encode(word: str, merges: list[tuple[str, str]]) -> list[str]:
    """The tokens of `word` under `merges` (a list of (left, right) tuples, as train_bpe returns).

    GPT-2's rule: start from the characters; repeatedly take, among the adjacent pairs of the word
    that are in merges, the one learned earliest (lowest index), and merge all its occurrences
    (left to right, without overlap); stop when no adjacent pair is in merges.
    Characters never seen stay single tokens: "".join(encode(word, merges)) == word.
    encode("", merges) == []. merges is not modified.
    """
    raise NotImplementedError
