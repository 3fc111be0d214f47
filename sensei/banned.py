"""Library shortcuts a kata forbids (`banned` in its kata.toml), enforced twice.

- Statically, from the syntax tree of the graded file: imports and the dotted names they bind,
  aliases included (`import scipy.special as s; s.softmax`, `from torch.nn import functional as F`).
- At run time, in the worker process only (the learner's side): each banned callable is replaced
  by one that raises `BannedCall` when the learner's file calls it directly, so that
  `getattr(__import__("scipy.special"), "softmax")` is caught too; a banned module (`sklearn.*`)
  cannot be imported by the learner's file.

A ban is a dotted name: `scipy.special.softmax` forbids that name (and what is under it, e.g. a
class's methods); `sklearn.*` forbids the module and everything in it.
"""
from __future__ import annotations

import ast
import builtins
import functools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MESSAGE = "banned in this kata: {name}{where}: write it yourself"


class BannedCall(BaseException):
    """Raised in the worker when the learner's code calls or imports something its kata bans (a
    BaseException: `except Exception` does not hide it; and the worker reports the first
    violation of a call even if the learner's code caught it: `VIOLATIONS`)."""


VIOLATIONS: list[str] = []  # in the worker: the messages of banned uses not yet reported
_PLAIN_IMPORT: list = []  # in the worker: builtins.__import__ as it was before `enforce` guarded it


def plain_import() -> Any:
    """The import function without the guard (None when no guard is in place): for the worker's own
    trusted work that runs no code of the learner's, such as pickling a reply (pickle imports the
    module of every array's reconstructor, and the guard would cost ~5 us each time)."""
    return _PLAIN_IMPORT[0] if _PLAIN_IMPORT else None


@dataclass(frozen=True)
class Use:
    name: str  # the dotted name as used, e.g. scipy.special.softmax
    line: int
    ban: str  # the entry of the list it falls under

    def message(self) -> str:
        return MESSAGE.format(name=self.name, where=f" (line {self.line})")


def covers(ban: str, name: str) -> bool:
    """Whether `name` (a dotted name) falls under `ban`: `a.b` covers a.b and a.b.c, `a.*` covers
    a and everything in it, `a.b*` covers every name of `a` that starts with b (a.b, a.bc, a.bc.d)."""
    if ban.endswith(".*"):
        root = ban[:-2]
        return name == root or name.startswith(root + ".")
    if ban.endswith("*"):
        return name.startswith(ban[:-1])
    return name == ban or name.startswith(ban + ".")


def _first_ban(bans: list[str], name: str) -> str | None:
    return next((ban for ban in bans if covers(ban, name)), None)


@functools.lru_cache(maxsize=8)
def parsed(source: str) -> ast.Module:
    """The syntax tree of a file's source, parsed once for the static checks that read it (banned names,
    unstarted functions, an import of the reference). Read it, never change it."""
    return ast.parse(source)


def static_uses(source: str, bans: list[str]) -> list[Use]:
    """The banned names a file uses, in line order (one per ban and line)."""
    if not bans:
        return []
    tree = parsed(source)
    aliases: dict[str, str] = {}
    found: dict[tuple[str, int], Use] = {}

    def note(name: str, line: int) -> None:
        ban = _first_ban(bans, name)
        if ban is not None and (ban, line) not in found:
            found[(ban, line)] = Use(name, line, ban)

    for node in ast.walk(tree):  # imports first, wherever they are: they bind the aliases
        if isinstance(node, ast.Import):
            for item in node.names:
                note(item.name, node.lineno)
                if item.asname:
                    aliases[item.asname] = item.name
                else:
                    root = item.name.split(".")[0]
                    aliases.setdefault(root, root)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for item in node.names:
                full = node.module if item.name == "*" else f"{node.module}.{item.name}"
                note(full, node.lineno)
                if item.name != "*":
                    aliases[item.asname or item.name] = full
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            parts, inner = [], node
            while isinstance(inner, ast.Attribute):
                parts.append(inner.attr)
                inner = inner.value
            if isinstance(inner, ast.Name) and inner.id in aliases:
                note(".".join([aliases[inner.id], *reversed(parts)]), node.lineno)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in aliases:
            note(aliases[node.id], node.lineno)
    return sorted(found.values(), key=lambda use: use.line)


def read_bans(kata_folder: Path) -> list[str]:
    """The kata's `banned` list (kata.toml), or []."""
    path = Path(kata_folder) / "kata.toml"
    if not path.is_file():
        return []
    import tomllib

    with path.open("rb") as f:
        return [str(b) for b in tomllib.load(f).get("banned", [])]


# -- run time (in the worker) ----------------------------------------------------------------
def enforce(bans: list[str], learner_file: str) -> None:
    """In the worker, before the learner's module is imported: banned callables raise when the
    learner's file calls them, and banned modules cannot be imported from it. Our own code (the
    test file's probes, the libraries' internals) calls them freely."""
    if not bans:
        return
    learner_file = str(learner_file)
    modules = [ban[:-2] for ban in bans if ban.endswith(".*")]
    names = [ban for ban in bans if not ban.endswith(".*")]
    patched: set[str] = set()
    modules_seen = [-1]  # len(sys.modules) at the last look: only new modules can hold a ban

    def from_learner(depth: int) -> int | None:
        """The line of the learner's file that made this call, if it did."""
        frame = sys._getframe(depth + 1)
        code = frame.f_code.co_filename
        return frame.f_lineno if code == learner_file or code.startswith("<") else None

    def refuse(name: str, line: int) -> BannedCall:
        VIOLATIONS.append(MESSAGE.format(name=name, where=f" (line {line})"))
        return BannedCall(VIOLATIONS[-1])

    def patch_loaded() -> None:
        modules_seen[0] = len(sys.modules)
        for ban in names:
            if ban in patched:
                continue
            if ban.endswith("*"):  # a.b*: every attribute of a whose name starts with b
                owner_name, prefix = ban[:-1].rsplit(".", 1)
                owner = sys.modules.get(owner_name)
                if owner is not None:
                    for attr in [a for a in dir(owner) if a.startswith(prefix)]:
                        original = getattr(owner, attr)
                        if callable(original) and not isinstance(original, type(sys)):
                            setattr(owner, attr, _guarded(original, f"{owner_name}.{attr}", from_learner, refuse))
                    patched.add(ban)
                continue
            parts = ban.split(".")
            for cut in range(len(parts) - 1, 0, -1):
                module = sys.modules.get(".".join(parts[:cut]))
                if module is not None:
                    break
            else:
                continue
            owner: Any = module
            try:
                for attr in parts[cut:-1]:
                    owner = getattr(owner, attr)
                original = getattr(owner, parts[-1])
            except AttributeError:
                continue
            try:
                setattr(owner, parts[-1], _guarded(original, ban, from_learner, refuse))
            except (AttributeError, TypeError):  # a C type that refuses new attributes
                continue
            patched.add(ban)

    real_import = builtins.__import__
    _PLAIN_IMPORT[:] = [real_import]
    depth = [0]  # imports in progress: a library is patched only once wholly imported

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and modules:
            asked = [name] + [f"{name}.{item}" for item in (fromlist or ()) if item != "*"]
            hit = next((full for full in asked for root in modules if covers(root, full)), None)
            if hit is not None:  # a banned module: refused when the learner's file asks (frames are costly)
                line = from_learner(1)
                if line is not None:
                    raise refuse(hit, line)
        depth[0] += 1
        try:
            module = real_import(name, globals, locals, fromlist, level)
        finally:
            depth[0] -= 1
        if depth[0] == 0 and len(patched) < len(names) and len(sys.modules) != modules_seen[0]:
            patch_loaded()  # (numpy runs `import` statements inside many calls: most load nothing)
        return module

    builtins.__import__ = guarded_import
    patch_loaded()


def _guarded(original: Any, ban: str, from_learner, refuse) -> Any:
    if isinstance(original, type):
        def __init_subclass__(cls, **kwargs):  # `class Mine(BannedClass)` in the learner's file
            line = from_learner(1)
            if line is not None:
                raise refuse(ban, line)
            super(guarded, cls).__init_subclass__(**kwargs)

        def __new__(cls, *args, **kwargs):
            line = from_learner(1)
            if line is not None:
                raise refuse(ban, line)
            return original.__new__(cls) if original.__new__ is object.__new__ else \
                original.__new__(cls, *args, **kwargs)

        try:
            guarded = type(original.__name__, (original,), {"__new__": __new__,
                                                            "__init_subclass__": classmethod(__init_subclass__),
                                                            "__module__": original.__module__,
                                                            "__qualname__": original.__qualname__})
        except TypeError:  # a final C type
            return original
        return guarded
    if not callable(original):
        return original

    def guarded_call(*args, **kwargs):
        line = from_learner(1)
        if line is not None:
            raise refuse(ban, line)
        return original(*args, **kwargs)

    guarded_call.__name__ = getattr(original, "__name__", ban.rsplit(".", 1)[-1])
    guarded_call.__doc__ = getattr(original, "__doc__", None)
    return guarded_call
