"""Terminal output for the `kata` command: colours (only on a terminal, never with NO_COLOR),
markdown statements rendered for the terminal, times and bars."""
from __future__ import annotations

import os
import re
import shutil
import sys
import textwrap

CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34",
         "magenta": "35", "cyan": "36"}


class Style:
    """`style("passed", "green")` is coloured on a terminal, plain text otherwise."""

    def __init__(self, stream=None, enabled: bool | None = None):
        stream = sys.stdout if stream is None else stream
        if enabled is None:
            enabled = colour_wanted(stream)
        self.enabled = enabled

    def __call__(self, text: str, *names: str) -> str:
        if not self.enabled or not names or not text:
            return text
        codes = ";".join(CODES[n] for n in names)
        return f"\x1b[{codes}m{text}\x1b[0m"


def colour_wanted(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def width() -> int:
    return max(40, min(shutil.get_terminal_size((100, 24)).columns, 120))


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


def bar(done: int, total: int, size: int = 30) -> str:
    filled = round(size * done / total) if total else 0
    return "[" + "#" * filled + "." * (size - filled) + "]"


# -- markdown for the terminal --------------------------------------------------------------
_INLINE_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
_LIST = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+")
_SUMMARY = re.compile(r"<details>\s*(?:<summary>(.*?)</summary>)?", re.IGNORECASE)


def render_markdown(text: str, style: Style, hidden_note: str = "", show_hidden: bool = False) -> str:
    """The statement for a terminal: headings stand out, code blocks are indented, inline code and
    bold are coloured (markers kept when plain), long lines are wrapped; `<details>` blocks (hints,
    traps: spoilers) are folded into one line ending with `hidden_note` unless `show_hidden`."""
    out: list[str] = []
    in_code = False
    hiding = False
    cols = width()
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            in_code = not in_code
            if not hiding:
                out.append(style("    " + "-" * 8, "dim") if style.enabled else "    " + stripped)
            continue
        if in_code:
            if not hiding:
                out.append(style("    " + line, "cyan"))
            continue
        if stripped.lower().startswith("<details"):
            summary = _SUMMARY.match(stripped)
            title = (summary.group(1) if summary and summary.group(1) else "details").strip()
            if show_hidden:
                out.append(style(f"{title}:", "bold"))
            else:
                hiding = True
                out.append(style(f"[{title}: hidden{hidden_note}]", "dim"))
            continue
        if stripped.lower().startswith("</details"):
            hiding = False
            continue
        if hiding:
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            level = len(heading.group(1))
            title = _LINK.sub(r"\1", heading.group(2))
            if style.enabled:  # one style for the whole heading: no nested codes
                title = _BOLD.sub(r"\1", _INLINE_CODE.sub(r"\1", title))
            if level == 1:
                out.append(style(title, "bold", "magenta"))
                if not style.enabled:
                    out.append("=" * min(len(title), cols))
            else:
                out.append(style(title, "bold", "blue") if style.enabled else f"{heading.group(1)} {title}")
            continue
        if stripped.startswith("|"):  # tables: as they are
            out.append(_inline(line, style))
            continue
        out.extend(_wrap(_inline(line, style), cols, style.enabled))
    return "\n".join(out).rstrip() + "\n"


def _inline(line: str, style: Style, plain_markers: bool = True) -> str:
    line = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", line)
    if not style.enabled:
        return line if plain_markers else _BOLD.sub(r"\1", line)
    line = _INLINE_CODE.sub(lambda m: style(m.group(1), "cyan"), line)
    return _BOLD.sub(lambda m: style(m.group(1), "bold"), line)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def visible_len(text: str) -> int:
    return len(_ANSI.sub("", text))


def _wrap(line: str, cols: int, coloured: bool) -> list[str]:
    if visible_len(line) <= cols or coloured and "\x1b" in line:
        # Coloured lines are not wrapped: escape codes would be split. Terminals wrap them.
        return [line]
    match = _LIST.match(line)
    indent = " " * (len(match.group(0)) if match else len(line) - len(line.lstrip()))
    return textwrap.wrap(line, width=cols, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False) or [line]
