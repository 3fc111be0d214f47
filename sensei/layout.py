"""Where a kata's files are, in one place (standard library only).

    katas/<slug>/README.md            the statement
    katas/<slug>/<slug>.py            the learner's file (starts as the stub)
    katas/<slug>/test_<slug>.py       the graded tests
    katas/<slug>/kata.toml            title, difficulty, order, hints
    solutions/<slug>.py               the reference
    sensei/stubs/<slug>.py            the stub as shipped (what `kata reset` restores)
"""
from __future__ import annotations

from pathlib import Path


def kata_folder(root: Path, slug: str) -> Path:
    return root / "katas" / slug


def learner_file(root: Path, slug: str) -> Path:
    return kata_folder(root, slug) / f"{slug}.py"


def test_file(root: Path, slug: str) -> Path:
    return kata_folder(root, slug) / f"test_{slug}.py"


def statement(root: Path, slug: str) -> Path:
    return kata_folder(root, slug) / "README.md"


def metadata(root: Path, slug: str) -> Path:
    return kata_folder(root, slug) / "kata.toml"


def reference_file(root: Path, slug: str) -> Path:
    return root / "solutions" / f"{slug}.py"


def shipped_stub(root: Path, slug: str) -> Path:
    return root / "sensei" / "stubs" / f"{slug}.py"


def root_of_test_file(path: Path) -> tuple[Path, str]:
    """katas/<slug>/test_<slug>.py -> (the repository, slug)."""
    folder = Path(path).parent
    return folder.parent.parent, folder.name


def implementation(root: Path, slug: str, impl: str) -> Path:
    """What --impl names: 'yours' (the learner's file), 'reference', or a file, or a folder holding <slug>.py."""
    if impl == "yours":
        return learner_file(root, slug)
    if impl == "reference":
        return reference_file(root, slug)
    target = Path(impl).expanduser()
    return target / f"{slug}.py" if target.is_dir() else target
