"""Follow-up ladders: after a pass, the interviewer's next question.

Each kata.toml may name follow-ups (`follow_ups = ["soft_nms"]`): katas that ask the next
question about what was just written (nms -> soft_nms, attention -> kv_cache -> flash_attention).
`kata next` offers them before the learning order: the follow-ups of the most recently passed kata
whose follow-ups are not all passed yet. `kata test SLUG` names them after a pass.

Standard library only (the `kata` command starts fast).
"""
from __future__ import annotations

from .cli_catalog import Kata
from .progress import Record


def _passed(records: dict[str, Record], slug: str) -> bool:
    record = records.get(slug)
    return record is not None and record.status == "passed"


def open_follow_ups(kata: Kata, katas: list[Kata], records: dict[str, Record]) -> list[Kata]:
    """The follow-ups of `kata` not passed yet, in kata.toml's order. A slug that names no kata of
    this catalogue (a partial copy of the repository) is left out."""
    by_slug = {k.slug: k for k in katas}
    return [by_slug[slug] for slug in kata.follow_ups
            if slug in by_slug and slug != kata.slug and not _passed(records, slug)]


def offer(katas: list[Kata], records: dict[str, Record]) -> tuple[Kata, Kata] | None:
    """(follow-up, the passed kata it follows) for `kata next`, or None: the first open follow-up
    of the most recently passed kata that has one. Recency is the time of the last graded run of a
    passed kata (a kata passes at its last run); ties go to the later first pass."""
    passed = [k for k in katas if _passed(records, k.slug) and k.follow_ups]

    def recency(kata: Kata) -> tuple:
        record = records[kata.slug]
        return (record.last_run or 0.0, record.first_passed or 0.0)

    for kata in sorted(passed, key=recency, reverse=True):  # stable: learning order breaks exact ties
        waiting = open_follow_ups(kata, katas, records)
        if waiting:
            return waiting[0], kata
    return None


def question_line(kata: Kata, katas: list[Kata], records: dict[str, Record]) -> str | None:
    """The line `kata test SLUG` prints after a pass: the follow-up question, if one is open."""
    waiting = open_follow_ups(kata, katas, records)
    if not waiting:
        return None
    first, rest = waiting[0], waiting[1:]
    line = f"next, as an interviewer would ask: {first.slug} (kata show {first.slug})"
    if rest:
        line += "; then " + ", ".join(k.slug for k in rest)
    return line
