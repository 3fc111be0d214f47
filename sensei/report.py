"""What a grading run says about a kata, shared by the pytest plugin and the `kata` command
(standard library only: the `kata` command imports it without numpy)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

# The layers of a kata's checks, in the order the summary gives them. All must pass for PASS.
LAYERS = (("core", "core"), ("edge", "edge cases"), ("polish", "polish"))


@dataclass
class TestResult:
    """One graded test: pytest's outcome, or the category of a kata that cannot be graded yet."""

    nodeid: str
    when: str
    outcome: str  # passed, failed, skipped, "not started", "does not import"
    message: str = ""
    layer: str = ""  # core, edge, polish ("" for blocked tests and benchmarks)

    @property
    def kata(self) -> str:
        """'katas/nms/test_nms.py::test_nms[x]' -> 'nms' ('' outside katas/)."""
        parts = self.nodeid.replace("\\", "/").split("/")
        return parts[1] if len(parts) >= 3 and parts[0] == "katas" else ""


@dataclass
class BlockedFile:
    """A file that cannot be graded yet, once, whatever number of tests met it."""

    category: str
    message: str  # the one line the learner sees
    file: str
    katas: list = field(default_factory=list)


@dataclass
class CollectionError:
    kata: str
    nodeid: str
    message: str


@dataclass
class Report:
    """What the pytest plugin writes (--kata-report) and the `kata` command reads."""

    tests: list = field(default_factory=list)  # TestResult
    blocked: list = field(default_factory=list)  # BlockedFile
    collection_errors: list = field(default_factory=list)  # CollectionError
    benchmarks: dict = field(default_factory=dict)  # group -> {"yours", "reference", "*_iqr"}

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> "Report":
        data = json.loads(text)

        def made(kind, items):
            names = {f.name for f in fields(kind)}
            return [kind(**{k: v for k, v in item.items() if k in names}) for item in items]

        return cls(made(TestResult, data.get("tests", [])), made(BlockedFile, data.get("blocked", [])),
                   made(CollectionError, data.get("collection_errors", [])), dict(data.get("benchmarks", {})))


def layer_summary(entries: list) -> str:
    """'core 42/42, edge cases 9/10, polish 1/3 (dtype: ...)': graded tests by layer, with the first
    failure of the first layer that has one. Every layer must pass for the kata to pass."""
    parts, first = [], ""
    for key, label in LAYERS:
        mine = [e for e in entries if e.layer == key]
        if not mine:
            continue
        passed = sum(e.outcome == "passed" for e in mine)
        parts.append(f"{label} {passed}/{len(mine)}")
        failed = next((e for e in mine if e.outcome == "failed" and e.message), None)
        if failed and not first:
            line = failed.message.splitlines()[0]
            what = line.split('": ', 1)[-1]  # after 'f() failed on case "...": '
            first = f" (first: {what})"
    return ", ".join(parts) + first if parts else ""
