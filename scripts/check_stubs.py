#!/usr/bin/env python3
"""Maintainer check: every kata's stub katas/<slug>/<slug>.py is byte-identical to its shipped
copy sensei/stubs/<slug>.py (what `kata reset` restores and what the repo's tests grade).

Run from anywhere:  python scripts/check_stubs.py
Exits 1 if a kata has no shipped copy, a copy differs from the stub, or a copy has no kata.
Meant for a fresh clone (CI, before a commit): a learner's solved katas/ differ on purpose, which
is why this is a script and not one of the repo's tests.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def katas(root: Path) -> list[str]:
    """The kata folders: katas/<slug>/ holding kata.toml or test_<slug>.py."""
    return sorted(folder.name for folder in (root / "katas").iterdir()
                  if folder.is_dir() and not folder.name.startswith((".", "_"))
                  and ((folder / "kata.toml").is_file() or (folder / f"test_{folder.name}.py").is_file()))


def problems(root: Path) -> list[str]:
    stubs = root / "sensei" / "stubs"
    found = []
    slugs = katas(root)
    for slug in slugs:
        stub, copy = root / "katas" / slug / f"{slug}.py", stubs / f"{slug}.py"
        if not copy.is_file():
            found.append(f"{slug}: no shipped copy sensei/stubs/{slug}.py (cp katas/{slug}/{slug}.py sensei/stubs/)")
        elif not stub.is_file():
            found.append(f"{slug}: katas/{slug}/{slug}.py is missing (cp sensei/stubs/{slug}.py katas/{slug}/)")
        elif stub.read_bytes() != copy.read_bytes():
            found.append(f"{slug}: katas/{slug}/{slug}.py differs from sensei/stubs/{slug}.py "
                         f"(a solved stub? `kata reset {slug}`; a changed stub? copy it to sensei/stubs/)")
    for copy in sorted(stubs.glob("*.py")):
        if copy.stem not in slugs:
            found.append(f"sensei/stubs/{copy.name} belongs to no kata (no katas/{copy.stem}/)")
    return found


def main() -> int:
    found = problems(ROOT)
    for line in found:
        print(line)
    if found:
        print(f"check_stubs: {len(found)} problem(s); see docs/AUTHORING.md (the shipped stub)")
        return 1
    print(f"check_stubs: the {len(katas(ROOT))} stubs match their shipped copies in sensei/stubs/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
