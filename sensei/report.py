"""What a grading run says about a kata, shared by the pytest plugin and the `kata` command
(standard library only: the `kata` command imports it without numpy)."""
from __future__ import annotations

# The layers of a kata's checks, in the order the summary gives them. All must pass for PASS.
LAYERS = (("core", "core"), ("edge", "edge cases"), ("polish", "polish"))


def layer_summary(entries: list[dict]) -> str:
    """'core 42/42, edge cases 9/10, polish 1/3 (dtype: ...)': graded tests by layer, with the first
    failure of the first layer that has one. Every layer must pass for the kata to pass."""
    parts, first = [], ""
    for key, label in LAYERS:
        mine = [e for e in entries if e.get("layer") == key]
        if not mine:
            continue
        passed = sum(e["outcome"] == "passed" for e in mine)
        parts.append(f"{label} {passed}/{len(mine)}")
        failed = next((e for e in mine if e["outcome"] == "failed" and e.get("message")), None)
        if failed and not first:
            line = failed["message"].splitlines()[0]
            what = line.split('": ', 1)[-1]  # after 'f() failed on case "...": '
            first = f" (first: {what})"
    return ", ".join(parts) + first if parts else ""
