"""Library shortcuts a kata bans (`banned` in its kata.toml): a graded file that uses one fails with one
line, whether the use shows in the syntax tree or only at run time; the references obey their lists."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from katatest import KATAS, ROOT, grade, scratch_repo
from sensei.banned import covers, read_bans, static_uses

BANNED = sorted((ROOT / "tests" / "banned").glob("*.py"))


def slug_of(path: Path) -> str:
    return path.stem.split("__")[0]  # softmax__dynamic.py grades the softmax kata


@pytest.mark.parametrize("path", BANNED, ids=[p.stem for p in BANNED])
def test_a_banned_call_fails_the_file_with_one_line(path):
    slug = slug_of(path)
    source = path.read_text()
    assert source.startswith('"""BANNED'), "say what it uses in the docstring"
    dynamic = "__dynamic" in path.stem
    # A __dynamic file hides its use from the syntax tree: only the run-time guard can catch it.
    assert bool(static_uses(source, read_bans(ROOT / "katas" / slug))) != dynamic
    run = grade(slug, str(path))
    assert run.returncode == 1, run.output[-3000:]
    assert set(run.outcomes()) == {"banned"}, run.outcomes()
    lines = [line for line in run.output.splitlines() if line.startswith("banned in this kata: ")]
    assert len(lines) == 1, run.output[-3000:]
    assert "(line " in lines[0] and lines[0].endswith(": write it yourself"), lines[0]
    assert "Traceback" not in run.output


@pytest.mark.parametrize("slug", KATAS)
def test_every_kata_lists_its_bans_and_its_reference_obeys_them(slug):
    meta = tomllib.loads((ROOT / "katas" / slug / "kata.toml").read_text())
    assert isinstance(meta.get("banned"), list), "kata.toml names what the kata bans (banned = [] if nothing)"
    bans = read_bans(ROOT / "katas" / slug)
    uses = static_uses((ROOT / "solutions" / f"{slug}.py").read_text(), bans)
    assert not uses, [(u.name, u.line) for u in uses]
    # At run time too: test_reference_passes_its_kata grades it with the guard in place.


@pytest.mark.parametrize("source, names", [
    ("import scipy.special as s\ny = s.softmax(x)\n", ["scipy.special.softmax"]),
    ("from scipy.special import softmax as sm\n", ["scipy.special.softmax"]),
    ("from torch.nn import functional as F\nF.softmax(x, -1)\n", ["torch.nn.functional.softmax"]),
    ("import torch\ntorch.nn.functional.softmax(x, -1)\n", ["torch.nn.functional.softmax"]),
    ("import torch.nn.functional\n", []),
    ("import sklearn.neighbors\n", ["sklearn.neighbors"]),
    ("from torch.nn.functional import binary_cross_entropy_with_logits\n",
     ["torch.nn.functional.binary_cross_entropy_with_logits"]),
    ("import numpy as np\nnp.exp(x)\n", []),
    ("def f(softmax):\n    return softmax(1)\n", []),  # a parameter is not the library's name
])
def test_the_syntax_tree_scan_resolves_aliases(source, names):
    bans = ["scipy.special.softmax", "torch.nn.functional.softmax", "sklearn.*",
            "torch.nn.functional.binary_cross_entropy*"]
    assert [u.name for u in static_uses(source, bans)] == names


def test_ban_patterns():
    assert covers("sklearn.*", "sklearn") and covers("sklearn.*", "sklearn.metrics.auc")
    assert not covers("sklearn.*", "sklearnx")
    assert covers("torch.cdist", "torch.cdist") and not covers("torch.cdist", "torch.cdistance")
    assert covers("a.b*", "a.bc") and covers("a.b*", "a.b.c") and not covers("a.b*", "a.c")


@pytest.mark.parametrize("name", ["softmax.py", "softmax__dynamic.py"])
def test_a_banned_call_in_the_learners_own_file(tmp_path, name):
    """Practice mode: the learner's katas/softmax/softmax.py, graded by `pytest katas/softmax` and by
    `kata test softmax` in a clone, statically and at run time."""
    root = scratch_repo(tmp_path / "repo", ["softmax"])
    shutil.copy2(ROOT / "tests" / "banned" / name, root / "katas" / "softmax" / "softmax.py")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    env.update(NO_COLOR="1", PYTHONPATH=str(root))
    for command in ([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "katas/softmax"],
                    [sys.executable, "-m", "sensei.cli", "test", "softmax"]):
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)
        out = done.stdout + done.stderr
        assert done.returncode == 1, out[-3000:]
        lines = [line.strip() for line in out.splitlines() if "banned in this kata: " in line]
        assert lines and all(line.endswith(": write it yourself") for line in lines), out[-3000:]
        assert "Traceback" not in out
