"""The catalogue for the `kata` command: the repository, its katas and their metadata.

Standard library only, and no numpy: `kata list` must start fast.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import layout

DIFFICULTIES = {"E": "easy", "M": "medium", "H": "hard"}
DIFFICULTY_RANK = {"E": 0, "M": 1, "H": 2}


class CliError(Exception):
    """An expected problem: the command prints the message (no traceback) and exits with `code`."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


# -- the repository -------------------------------------------------------------------------
def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` holding both `katas/` and `pyproject.toml`."""
    start = Path.cwd() if start is None else start
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "katas").is_dir() and (folder / "pyproject.toml").is_file():
            return folder
    raise CliError(f"not inside an ml-katas repository (no folder holding katas/ and pyproject.toml "
                   f"at or above {start}): cd into your clone of ml-katas first")


# -- kata.toml ------------------------------------------------------------------------------
def load_toml(text: str) -> dict:
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10: the tomli dependency
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib.loads(text)


# -- katas ------------------------------------------------------------------------------------
@dataclass
class Kata:
    slug: str
    folder: Path
    title: str = ""
    difficulty: str = "?"
    topic: str = ""
    order: float = 1e9
    hints: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)  # slugs: the interviewer's next questions after a pass

    @property
    def root(self) -> Path:
        return self.folder.parent.parent

    @property
    def stub(self) -> Path:
        """The learner's file."""
        return layout.learner_file(self.root, self.slug)

    @property
    def shipped(self) -> Path:
        """The stub as shipped (sensei/stubs/<slug>.py): what `kata reset` restores."""
        return layout.shipped_stub(self.root, self.slug)

    @property
    def statement(self) -> Path:
        return layout.statement(self.root, self.slug)

    @property
    def reference(self) -> Path:
        return layout.reference_file(self.root, self.slug)

    @property
    def level(self) -> str:
        return DIFFICULTIES.get(self.difficulty, self.difficulty)

    def sort_key(self) -> tuple:
        """The learning order: kata.toml's `order`, then difficulty, then the name."""
        return (self.order, DIFFICULTY_RANK.get(self.difficulty, 9), self.slug)


def load_kata(folder: Path) -> Kata:
    meta = load_toml(layout.metadata(folder.parent.parent, folder.name).read_text(encoding="utf-8"))
    order = meta.get("order", 1e9)
    return Kata(slug=folder.name, folder=folder, title=str(meta.get("title", folder.name)),
                difficulty=str(meta.get("difficulty", "?")).upper()[:1] or "?",
                topic=str(meta.get("topic", "")),
                order=order if isinstance(order, (int, float)) else 1e9,
                hints=[str(h) for h in meta.get("hints", [])],
                follow_ups=_slugs(meta.get("follow_ups", [])))


def _slugs(value) -> list[str]:
    """kata.toml's `follow_ups`: a list of kata slugs (one slug alone is accepted too)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))


def discover(root: Path, problems: list | None = None) -> list[Kata]:
    """Every katas/<slug>/ holding a kata.toml, in learning order. Folders whose kata.toml cannot
    be read are left out; their problem is appended to `problems` (if given)."""
    katas = []
    for toml in sorted((root / "katas").glob("*/kata.toml")):
        folder = toml.parent
        if folder.name.startswith((".", "_")):
            continue
        try:
            katas.append(load_kata(folder))
        except (OSError, ValueError, SyntaxError, StopIteration) as exc:
            if problems is not None:
                problems.append(f"{toml.relative_to(root)} cannot be read ({exc}): left out")
    katas.sort(key=Kata.sort_key)
    return katas


def resolve(katas: list[Kata], slug: str) -> Kata:
    """The kata named `slug`, else a CliError with the closest names ("did you mean")."""
    by_slug = {k.slug: k for k in katas}
    wanted = slug.strip().strip("/\\")
    # Accept a path such as katas/nms or katas/nms/nms.py too (tab completion gives those).
    parts = [p for p in re.split(r"[/\\]", wanted) if p]
    if len(parts) >= 2 and parts[0] == "katas":
        wanted = parts[1]
    wanted = wanted.removesuffix(".py")
    if wanted in by_slug:
        return by_slug[wanted]
    lowered = {k.slug.lower(): k for k in katas}
    if wanted.lower() in lowered:
        return lowered[wanted.lower()]
    names = list(by_slug)
    close = difflib.get_close_matches(wanted.lower(), names, n=3, cutoff=0.5)
    close += [n for n in names if wanted and wanted.lower() in n and n not in close]
    # Also match the titles: `kata show convolution` -> conv2d.
    for kata in katas:
        if wanted and wanted.lower() in kata.title.lower() and kata.slug not in close:
            close.append(kata.slug)
    message = f'unknown kata "{slug}".'
    if close:
        message += " Did you mean: " + ", ".join(close[:3]) + "?"
    else:
        message += " `kata list` shows them all."
    raise CliError(message)


def relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
