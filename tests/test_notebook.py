"""Grading from a notebook or a REPL (sensei.notebook): `grade("reshape_2d", f)` builds a file from
the function's source and grades it in a subprocess, as `kata test` would. Tested in a real Jupyter
kernel (nbclient, the kernel on this interpreter) and directly. Everything runs on a scratch copy
of the repository: the graded files go to its .kata/, never to the learner's."""
from __future__ import annotations

import linecache
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from katatest import scratch_repo

REPO = Path(__file__).resolve().parent.parent
SLUG = "reshape_2d"

pytestmark = pytest.mark.skipif(not (REPO / "katas" / SLUG / "kata.toml").is_file(), reason="reshape_2d is needed")

RIGHT = '''
import os
PIDS = {pids!r}

def _row(original, i, n):
    return list(original[i * n:(i + 1) * n])

def construct_2d_array(original, m, n):
    with open(PIDS, "a") as fh:  # where the graded call runs
        fh.write(f"{{os.getpid()}}\\n")
    if m <= 0 or n <= 0:
        raise ValueError("m and n must be positive")
    if len(original) != m * n:
        return []
    return [_row(original, i, n) for i in range(m)]
'''

WRONG = '''
def aliased_2d(original, m, n):
    if m <= 0 or n <= 0:
        raise ValueError("m and n must be positive")
    if len(original) != m * n:
        return []
    rows = [[0] * n] * m
    for i in range(m):
        for j in range(n):
            rows[i][j] = original[i * n + j]
    return rows
'''


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """The package and one kata (its stub as shipped), as `kata` sees a clone."""
    return scratch_repo(tmp_path_factory.mktemp("notebook") / "repo", [SLUG])


def _cell_module(source: str, name: str) -> types.ModuleType:
    """Runs `source` as IPython runs a cell: compiled under a file name known only to linecache."""
    filename = f"<cell-{name}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    module = types.ModuleType(name)
    module.__dict__["__name__"] = "__main__"
    exec(compile(source, filename, "exec"), module.__dict__)
    return module


# -- in this process: a function, a module, and the graded file ---------------------------------
def test_grade_a_function_runs_it_in_another_process(scratch, tmp_path):
    from sensei import grade
    pids = tmp_path / "pids.txt"
    cell = _cell_module(RIGHT.format(pids=str(pids)), "right")
    result = grade(SLUG, cell.construct_2d_array, root=scratch)
    assert result.passed, str(result)
    assert result.summary.startswith("core ") and "edge cases" in result.summary
    assert result.failures == [] and result.first_failure is None
    assert str(result).startswith(f"PASS  {SLUG}: all {result.checks_total} checks passed")
    graded = Path(result.file)
    assert graded.parent == scratch / ".kata" / "notebook"  # the scratch repo's, not the learner's
    text = graded.read_text()
    assert "import os" in text and f"PIDS = {str(pids)!r}" in text and "def _row(" in text
    called = {int(line) for line in pids.read_text().split()}
    assert called and os.getpid() not in called  # the checks ran elsewhere


def test_grade_a_wrong_function_names_the_mistake(scratch):
    from sensei import grade
    cell = _cell_module(WRONG, "wrong")
    result = grade(SLUG, cell.aliased_2d, root=scratch)
    assert not result.passed and result.failures
    assert result.named == {"construct_2d_array": "aliased_2d"}
    assert "m references to ONE list" in result.first_failure  # the kata's own hint, in full
    assert result.first_failure == result.failures[0]
    assert "First failure:" in repr(result) and "graded aliased_2d as construct_2d_array()" in repr(result)
    statuses = {status for _, status, _ in result.checks}
    assert statuses == {"passed", "failed"} and len(result.checks) == result.checks_total
    page = result._repr_html_()
    assert "<table" in page and "<th>check</th><th>status</th><th>message</th>" in page
    assert "<pre>" in page and "m references to ONE list" in page
    assert page.index(">failed<") < page.index(">passed<")  # failures first


def test_grade_a_module_grades_its_file(scratch, tmp_path):
    from sensei import grade
    mine = tmp_path / "my_reshape.py"
    mine.write_text(WRONG.replace("aliased_2d", "construct_2d_array"))
    sys.path.insert(0, str(tmp_path))
    try:
        import my_reshape
    finally:
        sys.path.remove(str(tmp_path))
    result = grade(SLUG, my_reshape, root=scratch)
    assert Path(result.file) == mine.resolve() and not result.passed
    assert "m references to ONE list" in result.first_failure
    mine.write_text((REPO / "solutions" / f"{SLUG}.py").read_text())
    assert grade(SLUG, str(mine), root=scratch).passed  # a path works too
    untouched = grade(SLUG, root=scratch)  # nothing given: the learner's file, here the stub
    assert untouched.status == "not started" and not untouched.passed
    assert untouched.blocked == [f"not started: implement construct_2d_array() in katas/{SLUG}/{SLUG}.py"]


def test_the_graded_file_carries_what_the_code_uses():
    """Imports, installed functions, constants, helpers (before their users), a class found through
    its methods, and the stub for the functions not given."""
    from sensei.notebook import build_source
    cell = _cell_module('''
import math
from os.path import join as pjoin
import numpy as np
TOL = (1e-9, float("inf"))
data = np.zeros(3)   # a global the functions do not use

class Box:
    scale = TOL[0]
    def area(self, w, h):
        return helper(w) * h

def helper(x):
    return math.sqrt(x) + len(pjoin("a", "b"))

def nms(boxes, scores, iou_threshold, data=None):
    return np.argsort(-scores) if Box().area(1, 1) else data
''', "uses")
    text = build_source("nms", {"nms": cell.nms}, ["nms", "batched_nms"], *_stub("nms"))
    namespace: dict = {}
    exec(compile(text, "graded", "exec"), namespace)
    assert namespace["nms"].__code__.co_filename == "graded"
    assert "import math" in text and f"from {os.path.__name__} import join as pjoin" in text
    assert "TOL = (1e-09, float('inf'))" in text and namespace["TOL"] == (1e-9, float("inf"))
    assert "data =" not in text
    assert text.index("def helper(") < text.index("class Box:") < text.index("def nms(")
    assert text.count("import numpy as np") == 1
    assert "def batched_nms(" in text and text.rstrip().endswith("raise NotImplementedError")
    import numpy as np
    assert list(namespace["nms"](np.zeros((2, 4)), np.array([0.1, 0.9]), 0.5)) == [1, 0]


def _stub(slug):
    from sensei.notebook import kata_names
    _, tree, source = kata_names(REPO, slug)
    return tree, source


def test_what_cannot_be_graded_says_why(scratch):
    from sensei import grade
    from sensei.notebook import GradeError
    cell = _cell_module('''
import numpy as np
table = np.arange(4)
def construct_2d_array(original, m, n):
    return table[:m]
def other(original, m, n):
    return []
''', "bad")
    with pytest.raises(GradeError, match=r"uses the global table \(a numpy.ndarray\)"):
        grade(SLUG, cell.construct_2d_array, root=scratch)
    with pytest.raises(GradeError, match=r"reshape_2d has no function nope\(\) \(its functions: construct_2d_array\)"):
        grade(SLUG, nope=cell.other, root=scratch)
    with pytest.raises(GradeError, match="too many functions"):
        grade(SLUG, cell.other, lambda original, m, n: [], root=scratch)
    with pytest.raises(GradeError, match="defined inside a function"):
        grade(SLUG, lambda original, m, n: [], root=scratch)
    with pytest.raises(GradeError, match='unknown kata "reshape2d". Did you mean: reshape_2d'):
        grade("reshape2d", cell.other, root=scratch)
    exec_only: dict = {}
    exec("def construct_2d_array(original, m, n):\n    return []\n", exec_only)  # no source anywhere
    with pytest.raises(GradeError, match="cannot be read"):
        grade(SLUG, exec_only["construct_2d_array"], root=scratch)


def test_import_sensei_stays_light():
    done = subprocess.run([sys.executable, "-c", "import sys, sensei; sensei.grade; sensei.GradeResult; "
                           "print('numpy' in sys.modules, 'torch' in sys.modules)"],
                          cwd=REPO, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.stdout.split() == ["False", "False"], done.stderr


# -- in a real Jupyter kernel ------------------------------------------------------------------
def test_grade_in_a_jupyter_kernel(scratch, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    # A kernel spec of our own, on this very interpreter (no `ipykernel install` needed), with the
    # scratch repository's sensei first on its path; Jupyter's and IPython's files in tmp_path.
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    spec_dir = tmp_path / "kernels" / "kata-python"
    spec_dir.mkdir(parents=True)
    env = {"PYTHONPATH": str(scratch), "IPYTHONDIR": str(tmp_path / "ipython"), "PYTHONDONTWRITEBYTECODE": "1"}
    (spec_dir / "kernel.json").write_text(__import__("json").dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "kata tests", "language": "python", "env": env}))
    specs = KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")], ensure_native_kernel=False)
    manager = KernelManager(kernel_name="kata-python", kernel_spec_manager=specs)

    pids = tmp_path / "pids.txt"
    v4 = nbformat.v4
    notebook = v4.new_notebook(cells=[
        v4.new_code_cell("from sensei import grade\n" + RIGHT.format(pids=str(pids))),
        v4.new_code_cell(f'r = grade("{SLUG}", construct_2d_array)\nr'),
        v4.new_code_cell(WRONG),
        v4.new_code_cell(f'w = grade("{SLUG}", aliased_2d)\nw'),
        v4.new_code_cell("import os, sensei, sys\n"
                         "print(r.passed, w.passed, os.getpid(), sensei.__file__, sys.executable)"),
    ])
    client = nbclient.NotebookClient(notebook, km=manager, timeout=300,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()

    def output(cell: int, kind: str) -> str:
        found = [o["data"][kind] for o in notebook.cells[cell].outputs if "data" in o and kind in o["data"]]
        assert found, notebook.cells[cell].outputs
        return found[0]

    right_html, wrong_html = output(1, "text/html"), output(3, "text/html")
    for page in (right_html, wrong_html):
        assert "<table" in page and "<th>check</th><th>status</th><th>message</th>" in page
    assert "PASS" in right_html and "all 24 checks passed" in right_html and "<pre>" not in right_html
    assert output(1, "text/plain").startswith(f"PASS  {SLUG}: all ")
    assert "FAIL" in wrong_html and "m references to ONE list" in wrong_html.split("<pre>")[1]
    assert ">failed<" in wrong_html
    assert "First failure:" in output(3, "text/plain")
    printed = "".join(o.get("text", "") for o in notebook.cells[4].outputs).split()
    passed, failed, kernel_pid, where, python = printed
    assert (passed, failed) == ("True", "False")
    assert Path(where).resolve() == (scratch / "sensei" / "__init__.py").resolve()
    assert Path(python).resolve() == Path(sys.executable).resolve()
    called = {int(line) for line in pids.read_text().split()}
    assert called and int(kernel_pid) not in called  # graded outside the kernel
