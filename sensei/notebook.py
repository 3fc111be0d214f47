"""Grading from a notebook or a REPL: ``from sensei import grade; grade("nms", my_nms)``.

The checks are the same as `kata test`'s, with the same messages, and they never run in the
notebook's process: the functions' source (with the imports, helpers and constants they use) is
written to `.kata/notebook/<slug>-<pid>.py` at the root of the repository, and
`python -m pytest katas/<slug> --impl=<that file>` grades it in a subprocess, where the learner's
code runs in the grader's worker process as in any other run. The result renders as text in a
REPL and as a small HTML table in Jupyter.

Standard library only (`import sensei` stays light): numpy is never imported here.
"""
from __future__ import annotations

import __future__
import ast
import builtins
import dis
import html
import inspect
import linecache
import math
import os
import sys
import sysconfig
import tempfile
import textwrap
import types
from dataclasses import dataclass, field
from pathlib import Path

from .cli_catalog import CliError, Kata, discover, find_root, resolve
from . import layout


class GradeError(ValueError):
    """grade() cannot build the graded file (an unknown kata or function, source it cannot read)."""


# -- the result ---------------------------------------------------------------------------------
@dataclass
class GradeResult:
    """What grade() returns: `.passed`, `.summary`, `.failures`, `.first_failure`; prints as text,
    renders as an HTML table in Jupyter."""

    slug: str
    status: str  # passed, failing, not started
    headline: str  # "reshape_2d: 20 of 24 checks passed"
    summary: str  # "core 12/12, edge cases 5/5, polish 3/7 (first: ...)"
    failures: list = field(default_factory=list)  # full messages, in run order
    blocked: list = field(default_factory=list)  # one-line messages: not started, does not import, banned
    error: str = ""  # the tests could not be collected, or the run was interrupted
    checks: list = field(default_factory=list)  # (check, status, message) per graded test
    checks_passed: int = 0
    checks_total: int = 0
    file: str = ""  # the file that was graded
    named: dict = field(default_factory=dict)  # kata function -> the name it had in your code

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def first_failure(self) -> str | None:
        """The first failing check's message in full (case, input, expected vs got, hint), else
        the line that says why nothing could be graded, else None."""
        if self.failures:
            return self.failures[0]
        if self.error:
            return self.error
        return self.blocked[0] if self.blocked and not self.passed else None

    @property
    def tag(self) -> str:
        return {"passed": "PASS", "not started": "TODO"}.get(self.status, "FAIL")

    def __str__(self) -> str:
        lines = [f"{self.tag}  {self.headline}"]
        if self.summary:
            lines.append(f"      {self.summary}")
        lines += [f"      graded {theirs} as {name}()" for name, theirs in self.named.items() if theirs != name]
        lines += self.blocked
        if self.error:
            lines.append(self.error)
        if self.failures:
            lines += ["", "First failure:", self.failures[0].rstrip()]
            more = len(self.failures) - 1
            if more:
                lines += ["", f"(+ {more} more failing check{'s' if more > 1 else ''}: .failures has them all)"]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        esc = html.escape
        colour = {"PASS": "#1a7f37", "FAIL": "#cf222e", "TODO": "#9a6700"}[self.tag]
        parts = [f'<div class="kata-grade"><p><b style="color:{colour}">{self.tag}</b> {esc(self.headline)}</p>']
        if self.summary:
            parts.append(f"<p>{esc(self.summary)}</p>")
        for name, theirs in self.named.items():
            if theirs != name:
                parts.append(f"<p>graded <code>{esc(theirs)}</code> as <code>{esc(name)}()</code></p>")
        for line in self.blocked + ([self.error] if self.error else []):
            parts.append(f"<p>{esc(line)}</p>")
        if self.checks:
            order = {"failed": 0, "error": 0, "passed": 2, "skipped": 3}
            rows = sorted(self.checks, key=lambda c: order.get(c[1], 1))  # failures first
            body = "".join(f"<tr><td>{esc(check)}</td><td>{esc(status)}</td>"
                           f"<td style=\"text-align:left\">{esc(message.strip().splitlines()[0] if message.strip() else '')}"
                           f"</td></tr>" for check, status, message in rows)
            parts.append('<div style="max-height:22em;overflow:auto"><table class="kata-checks">'
                         "<thead><tr><th>check</th><th>status</th><th>message</th></tr></thead>"
                         f"<tbody>{body}</tbody></table></div>")
        if self.failures:
            parts.append(f"<p><b>First failure:</b></p><pre>{esc(self.failures[0].rstrip())}</pre>")
        parts.append("</div>")
        return "".join(parts)


# -- grade() ----------------------------------------------------------------------------------
def grade(slug: str, *impls, timeout: float | None = None, root: str | os.PathLike | None = None,
          **functions) -> GradeResult:
    """Grades your code for kata `slug` with the kata's own checks and messages.

        grade("nms", my_nms)                        # one function (named nms, or the kata's first)
        grade("nms", nms=f, batched_nms=g)          # by the kata's names
        grade("nms", [f, g])                        # in the order of the kata's functions
        grade("nms", my_module)                     # a module: its file is graded
        grade("nms", "attempts/nms_v2.py")          # a file
        grade("nms")                                # your katas/nms/nms.py, as `kata test nms`

    Functions you do not give stay "not started". Your code runs in a separate process, as in
    `kata test` (never in this one); progress is not recorded. `timeout`: seconds per call.
    """
    from .cli_grade import grade as run_grade

    root_path = Path(root).resolve() if root is not None else _repo_root()
    try:
        kata = resolve(discover(root_path), slug)
    except CliError as exc:
        raise GradeError(str(exc)) from None
    items = []
    for impl in impls:
        items.extend(impl if isinstance(impl, (list, tuple)) else [impl])
    files = [i for i in items if isinstance(i, (str, os.PathLike, types.ModuleType))]
    named: dict[str, str] = {}
    if files:
        if len(items) > 1 or functions:
            raise GradeError("grade(): give one module or file, or functions, not both")
        path = _file_of(items[0])
    elif items or functions:
        path, named = write_graded_file(root_path, kata, items, functions)
    else:
        path = layout.learner_file(root_path, kata.slug)
    try:
        result = run_grade(root_path, [kata], impl=str(path), timeout=timeout)[kata.slug]
    except CliError as exc:
        raise RuntimeError(str(exc)) from None
    return _result(kata, result, path, named)


def _repo_root() -> Path:
    """The repository sensei belongs to (an editable install, or PYTHONPATH), else the one around
    the current folder."""
    here = Path(__file__).resolve().parent.parent
    if (here / "katas").is_dir() and (here / "pyproject.toml").is_file():
        return here
    try:
        return find_root()
    except CliError as exc:
        raise GradeError(str(exc)) from None


def _file_of(item) -> Path:
    if isinstance(item, types.ModuleType):
        name = getattr(item, "__file__", None)
        if not name or not str(name).endswith(".py"):
            raise GradeError(f"grade(): the module {item.__name__} has no .py file to grade: pass its "
                             f"functions instead")
        return Path(name).resolve()
    path = Path(item).expanduser()
    path = path if path.is_absolute() else (Path.cwd() / path)
    if not path.is_file():
        raise GradeError(f"grade(): {item} is not a file")
    return path.resolve()


def _result(kata: Kata, result, path: Path, named: dict) -> GradeResult:
    if result.status == "passed":
        headline = f"{kata.slug}: all {result.total} checks passed"
    elif result.status == "not started":
        headline = f"{kata.slug}: not started"
    else:
        headline = f"{kata.slug}: " + (f"{result.passed} of {result.total} checks passed" if result.total
                                       else "no check ran")
        if result.not_started and result.total:
            headline += f" ({len(result.failures)} failing, {result.not_started} not started)"
    checks = [(entry.nodeid.split("::", 1)[-1], "failed" if entry.outcome == "error" else entry.outcome,
               entry.message) for entry in result.checks]
    return GradeResult(kata.slug, result.status, headline, result.layers, list(result.failures),
                       list(result.blocked), result.error, checks, result.passed, result.total, str(path), named)


# -- the graded file ------------------------------------------------------------------------------
def kata_names(root: Path, slug: str) -> tuple[list[str], ast.Module | None, str]:
    """The public functions and classes of the kata's stub as shipped, in file order."""
    try:
        source = layout.shipped_stub(root, slug).read_text(encoding="utf-8")
        tree = ast.parse(source)
    except (OSError, SyntaxError, UnicodeDecodeError):
        return [], None, ""
    names = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
             and not n.name.startswith("_")]
    return names, tree, source


def assign(kata_slug: str, names: list[str], items: list, functions: dict) -> dict[str, object]:
    """Which object is graded as which of the kata's functions: by keyword; a positional one by its
    own name when it is one of the kata's, else to the kata's functions still free, in order."""
    chosen: dict[str, object] = {}
    known = ", ".join(names) or "none found"
    for name, obj in functions.items():
        if names and name not in names:
            raise GradeError(f"grade(): {kata_slug} has no function {name}() (its functions: {known})")
        chosen[name] = obj
    unnamed = []
    for obj in items:
        own = getattr(obj, "__name__", None)
        if own in names and own not in chosen:
            chosen[own] = obj
        else:
            unnamed.append(obj)
    free = [n for n in names if n not in chosen]
    if len(unnamed) > len(free):
        extra = ", ".join(getattr(o, "__name__", repr(o)) for o in unnamed[len(free):])
        raise GradeError(f"grade(): too many functions for {kata_slug} ({extra}); its functions: {known}. "
                         f"Name them: grade({kata_slug!r}, {names[0] if names else 'name'}=f, ...)")
    for name, obj in zip(free, unnamed):
        chosen[name] = obj
    for name, obj in chosen.items():
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            raise GradeError(f"grade(): {name}={obj!r} is not a function or a class")
    return chosen


def write_graded_file(root: Path, kata: Kata, items: list, functions: dict) -> tuple[Path, dict]:
    """Writes the graded file for these functions to .kata/notebook/<slug>-<pid>.py (atomically);
    returns its path and {kata name: the name in your code}."""
    names, stub_tree, stub_source = kata_names(root, kata.slug)
    chosen = assign(kata.slug, names, items, functions)
    text = build_source(kata.slug, chosen, names, stub_tree, stub_source)
    stem = f"{kata.slug}-{os.getpid()}"
    for folder in (root / ".kata" / "notebook", Path(tempfile.gettempdir()) / f"kata-notebook-{os.getuid()}"
                   if hasattr(os, "getuid") else Path(tempfile.gettempdir()) / "kata-notebook"):
        tmp = folder / f".{stem}.tmp"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, folder / f"{stem}.py")
        except OSError:  # a read-only clone: the temporary folder
            try:
                tmp.unlink()
            except OSError:
                pass
            continue
        return folder / f"{stem}.py", {name: obj.__name__ for name, obj in chosen.items()}
    raise GradeError(f"grade(): cannot write the graded file to {root / '.kata' / 'notebook'} or the temporary folder")


def build_source(slug: str, chosen: dict, names: list[str], stub_tree: ast.Module | None,
                 stub_source: str) -> str:
    """The graded file: your functions with the imports, helpers and constants they use, aliases
    for the kata's names, and the stub's own version of each function you did not give."""
    collector = _Collector()
    for obj in chosen.values():
        collector.add(obj)
    missing = [n for n in names if n not in chosen]
    future = collector.future
    stub_imports, stub_defs = [], []
    if missing and stub_tree is not None:
        for node in stub_tree.body:
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                future = True
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                stub_imports.append(ast.get_source_segment(stub_source, node))
            elif getattr(node, "name", None) in missing:
                start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
                stub_defs.append("\n".join(stub_source.splitlines()[start - 1:node.end_lineno]))
    out = [f'"""Written by sensei.grade() for the kata {slug}: your code, graded as `pytest katas/{slug} '
           f'--impl=<this file>`."""']
    if future:
        out.append("from __future__ import annotations")
    if stub_imports:
        out += ["", "# imports of the stub (for the functions you did not give)", *stub_imports]
    imports = [line for line in dict.fromkeys(collector.imports) if line not in stub_imports]
    if imports:
        out += ["", *imports]
    if collector.constants:
        out += ["", *collector.constants]
    for source in collector.sources:
        out += ["", "", source.rstrip()]
    if collector.aliases:
        out += ["", *collector.aliases]
    renamed = [f"{name} = {obj.__name__}" for name, obj in chosen.items() if obj.__name__ != name]
    if renamed:
        out += ["", "# the kata's names", *renamed]
    if stub_defs:
        out += ["", "", "# not given to grade(): the stub as shipped (not started)"]
        for source in stub_defs:
            out += ["", "", source]
    return "\n".join(out) + "\n"


def _installed(module: types.ModuleType | None) -> bool:
    """Whether a module comes with Python or an installed package (imported by name in the graded
    file) rather than being the learner's own (its source copied in)."""
    if module is None:
        return False
    name = getattr(module, "__file__", None)
    if not name:
        return getattr(module, "__name__", "") in sys.builtin_module_names
    return _installed_file(name)


def _installed_file(name: str) -> bool:
    if name.startswith("<"):
        return False  # "<ipython-input-...>", "<string>"
    path = os.path.realpath(name)
    paths = sysconfig.get_paths()
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix,
                                              paths.get("stdlib"), paths.get("purelib"), paths.get("platlib")) if p}
    return any(path.startswith(prefix + os.sep) for prefix in prefixes)


_CONSTANT_TYPES = (type(None), bool, int, float, complex, str, bytes)


class _Collector:
    """Your functions and classes and what they use from their module's globals: modules become
    imports, installed functions `from x import y`, plain constants assignments, your own helpers
    their source (before what uses them)."""

    def __init__(self):
        self.imports: list[str] = []
        self.constants: list[str] = []
        self.sources: list[str] = []
        self.aliases: list[str] = []
        self.future = False
        self.bound: dict[str, object] = {}  # a name in the graded file -> the object it holds
        self.done: set[int] = set()

    def bind(self, name: str, value: object, who: str) -> bool:
        """Claims `name` for `value`; False if it is already bound to that very object."""
        if name in self.bound:
            if self.bound[name] is value or (isinstance(value, _CONSTANT_TYPES) and self.bound[name] == value):
                return False
            raise GradeError(f"grade(): the name {name} means two different things in your code ({who} uses "
                             f"one of them): rename one")
        self.bound[name] = value
        return True

    def add(self, obj: object) -> None:
        if id(obj) in self.done:
            return
        self.done.add(id(obj))
        name = obj.__name__
        if "<locals>" in getattr(obj, "__qualname__", "") or name == "<lambda>":
            raise GradeError(f"grade(): {obj.__qualname__} is defined inside a function (or is a lambda): "
                             f"grade() copies its source into a file, so define it with `def` at the top "
                             f"level of a cell or module")
        self.bind(name, obj, name)
        source, node = _source_of(obj)
        if inspect.isfunction(obj):
            self.future |= bool(obj.__code__.co_flags & __future__.annotations.compiler_flag)
        namespace = _globals_of(obj)
        for global_name, strict in _global_names(obj, node):
            if global_name not in namespace:
                continue  # a builtin, or not defined (a NameError when it runs, as in your notebook)
            self.use(global_name, namespace[global_name], name, strict)
        self.sources.append(source)

    def use(self, name: str, value: object, who: str, strict: bool) -> None:
        if isinstance(value, types.ModuleType):
            module = value.__name__
            if module == "__main__" or getattr(value, "__spec__", None) is None and module not in sys.builtin_module_names:
                raise GradeError(f"grade(): {who} uses the module {name}, which cannot be imported by name")
            if self.bind(name, value, who):
                self.imports.append(f"import {module}" if module == name else f"import {module} as {name}")
            return
        if inspect.isfunction(value) or inspect.isclass(value):
            home = sys.modules.get(getattr(value, "__module__", "") or "")
            attr = _lookup(home, value) if home is not None and home.__name__ != "__main__" else None
            if attr is not None and _installed(home):
                if self.bind(name, value, who):
                    self.imports.append(f"from {home.__name__} import {attr}" + ("" if attr == name else f" as {name}"))
                return
            if _written_by_you(value):
                if name != value.__name__ and self.bind(name, value, who):
                    self.aliases.append(f"{name} = {value.__name__}")
                self.add(value)  # yours: its source, after what it uses and before what uses it
                return
            if hasattr(builtins, name):
                return  # IPython's own `open`, `exit`: the builtin does the same in the graded file
            if not strict:
                return
            raise GradeError(f"grade(): {who} uses {name} ({value.__module__}.{value.__qualname__}), which "
                             f"cannot be imported by name: import it inside {who}")
        home_name = getattr(value, "__module__", None)
        home = sys.modules.get(home_name) if isinstance(home_name, str) else None
        for attr in (getattr(value, "__qualname__", None), getattr(value, "__name__", None), name):
            if home is not None and isinstance(attr, str) and attr.isidentifier() and getattr(home, attr, None) is value \
                    and home.__name__ != "__main__":
                if self.bind(name, value, who):  # np.sqrt, typing.Sequence, np.float64, math.pi
                    self.imports.append(f"from {home.__name__} import {attr}" + ("" if attr == name else f" as {name}"))
                return
        literal = _literal(value)
        if literal is not None:
            if self.bind(name, value, who):
                self.constants.append(f"{name} = {literal}")
            return
        if strict:
            raise GradeError(f"grade(): {who} uses the global {name} (a {type(value).__module__}."
                             f"{type(value).__qualname__}), which cannot be copied into the graded file: "
                             f"make it a constant, define it inside {who}, or put your code in a module and "
                             f"pass that")


def _written_by_you(value: object) -> bool:
    """A function or class whose code is not in Python's or an installed package's files: a
    notebook cell's, or a module of yours."""
    codes = [value.__code__] if inspect.isfunction(value) else [f.__code__ for f in _functions_of(value)]
    files = [code.co_filename for code in codes]
    if not files:
        module = sys.modules.get(getattr(value, "__module__", "") or "")
        return module is None or module.__name__ == "__main__" or not _installed(module)
    return not any(_installed_file(name) for name in files)


def _lookup(module: types.ModuleType, value: object) -> str | None:
    """The name under which `module` holds `value` (its __qualname__ when that is a plain name)."""
    for attr in (getattr(value, "__qualname__", None), getattr(value, "__name__", None)):
        if isinstance(attr, str) and attr.isidentifier() and getattr(module, attr, None) is value:
            return attr
    return None


def _literal(value: object, depth: int = 0) -> str | None:
    """Python source that rebuilds a plain constant (numbers, strings, None, and tuples, lists,
    dicts, sets of them), else None."""
    kind = type(value)
    if depth > 20:
        return None
    if kind is float:
        return repr(value) if math.isfinite(value) else f"float({str(value)!r})"
    if kind in (type(None), bool, int, complex, str, bytes):
        return repr(value)
    if kind in (tuple, list, set, frozenset):
        items = [_literal(v, depth + 1) for v in (sorted(value, key=repr) if kind in (set, frozenset) else value)]
        if any(item is None for item in items):
            return None
        inner = ", ".join(items)
        if kind is tuple:
            return f"({inner},)" if len(items) == 1 else f"({inner})"
        if kind is list:
            return f"[{inner}]"
        body = f"{{{inner}}}" if items else ""
        return (f"set({body})" if not items else body) if kind is set else f"frozenset({body})"
    if kind is dict:
        pairs = [(_literal(k, depth + 1), _literal(v, depth + 1)) for k, v in value.items()]
        if any(k is None or v is None for k, v in pairs):
            return None
        return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    return None


def _globals_of(obj: object) -> dict:
    if inspect.isfunction(obj):
        return obj.__globals__
    for member in _functions_of(obj):
        return member.__globals__
    module = sys.modules.get(obj.__module__)
    return vars(module) if module is not None else {}


def _functions_of(cls: type) -> list:
    found = []
    for value in vars(cls).values():
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        elif isinstance(value, property):
            found += [f for f in (value.fget, value.fset, value.fdel) if inspect.isfunction(f)]
            continue
        if inspect.isfunction(value):
            found.append(value)
    return found


def _source_of(obj: object) -> tuple[str, ast.AST]:
    """The source of a function or class (and its syntax tree), dedented."""
    what = "class" if inspect.isclass(obj) else "function"
    try:
        if inspect.isclass(obj):
            source = _class_source(obj)
        else:
            source = inspect.getsource(obj)
    except (OSError, TypeError):
        source = None
    if not source:
        raise GradeError(f"grade(): the source of the {what} {obj.__name__} cannot be read (typed at the "
                         f"plain python prompt?): use IPython or Jupyter, or put it in a file and pass the module")
    source = textwrap.dedent(source)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        raise GradeError(f"grade(): the source of {obj.__name__} cannot be parsed on its own") from None
    node = next((n for n in tree.body if getattr(n, "name", None) == obj.__name__), None)
    if node is None:
        raise GradeError(f"grade(): the source found for {obj.__name__} does not define it")
    return source, node


def _class_source(cls: type) -> str | None:
    """A class's source, found through its methods' code (inspect cannot find a notebook's classes:
    the notebook's module has no file): the class statement of that name holding the method."""
    try:
        return inspect.getsource(cls)
    except (OSError, TypeError):
        pass
    for member in _functions_of(cls):
        code = member.__code__
        lines = linecache.getlines(code.co_filename)
        if not lines:
            continue
        text = "".join(lines)
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name == cls.__name__ and \
                    node.lineno <= code.co_firstlineno <= node.end_lineno:
                start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                return "".join(lines[start - 1:node.end_lineno])
    return None


def _global_names(obj: object, node: ast.AST) -> list[tuple[str, bool]]:
    """The global names a function or class reads, in order: (name, strict). Strict names are read
    by the code itself (dis: LOAD_GLOBAL), so one that cannot be copied is an error; names in
    headers (decorators, defaults, annotations, bases) and class bodies are taken when they can be."""
    seen: dict[str, bool] = {}
    functions = [obj] if inspect.isfunction(obj) else _functions_of(obj)
    for function in functions:
        for code in _codes(function.__code__):
            for ins in dis.get_instructions(code):
                if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME") and isinstance(ins.argval, str):
                    seen[ins.argval] = True
    for name, strict in _header_names(node):
        seen[name] = seen.get(name, False) or strict
    seen.pop(obj.__name__, None)
    return list(seen.items())


def _codes(code: types.CodeType):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def _header_names(node: ast.AST) -> list[tuple[str, bool]]:
    """Names read outside function bodies, (name, strict): decorators, defaults, class bases and
    the class body's own statements (minus what it assigns) are run when the file is imported
    (strict); annotations may never be (lenient: taken when they can be)."""
    found: list[tuple[str, bool]] = []

    def names_in(part, strict: bool = True) -> None:
        if part is None:
            return
        for sub in ast.walk(part):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
                found.append((sub.id, strict))

    def header(fn) -> None:
        for part in [*fn.decorator_list, *fn.args.defaults, *[d for d in fn.args.kw_defaults if d]]:
            names_in(part)
        names_in(fn.returns, strict=False)
        for arg in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs, fn.args.vararg, fn.args.kwarg]:
            if arg is not None:
                names_in(arg.annotation, strict=False)

    def visit(n) -> None:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            header(n)
        elif isinstance(n, ast.ClassDef):
            for part in [*n.decorator_list, *n.bases, *[k.value for k in n.keywords]]:
                names_in(part)
            assigned = {t.id for s in n.body for t in ast.walk(s)
                        if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store)}
            before = len(found)
            for stmt in n.body:
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    visit(stmt)
                elif isinstance(stmt, ast.AnnAssign):
                    names_in(stmt.annotation, strict=False)
                    names_in(stmt.value)
                else:
                    names_in(stmt)
            found[before:] = [item for item in found[before:] if item[0] not in assigned]

    visit(node)
    return found
