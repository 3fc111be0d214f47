"""Graded tests for the save_load kata. Run: pytest katas/save_load   (-x stops at the first failure).

Every file is written under pytest's temporary folders (tmp_path): nothing is left in the repository.
"""
from __future__ import annotations

import contextlib
import copy
import functools
import os
import re
import signal
from pathlib import Path
from typing import Any

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from sensei import Blocked, Case, Kata, KataFailure, crash

try:
    import resource
except ImportError:  # Windows: no file-size limit to simulate a full disk
    resource = None

BUFFERS = ("save_checkpoint(): save model.state_dict(): it holds the parameters AND the buffers (BatchNorm's "
           "running_mean, running_var, num_batches_tracked); named_parameters() leaves the buffers out.")
PARAMS = ("load_checkpoint(): restore with model.load_state_dict(saved): it copies the saved values into the "
          "caller's model (rebinding a local name, model = ..., changes nothing for the caller).")
ROUNDED = ("save_checkpoint(): save the state dict as it is: a cast to float16 (.half()) or bfloat16 loses digits, "
           "and a checkpoint must give back exactly what was saved.")
NOT_LOADED = ("load_checkpoint(): the checkpoint holds the optimizer's state: restore it with "
              "optimizer.load_state_dict(saved) when an optimizer is given.")
NOT_SAVED = ("save_checkpoint(): save optimizer.state_dict() too (Adam's moments and step, and the lr): without it, "
             "resumed training restarts Adam from zero moments and the fresh optimizer's lr.")
EXTRA = ("load_checkpoint(): return {'epoch': epoch, **extra}: every keyword given to save_checkpoint comes back "
         "under its own name, with its value, and nothing else.")
WEIGHTS_ONLY_FILE = ("save_checkpoint(): store only state dicts, tensors and plain Python values: "
                     "torch.load(path, weights_only=True) refuses pickled objects such as a whole nn.Module.")
UNSAFE = ("load_checkpoint(): torch.load(path, weights_only=False) unpickles ANY object, and unpickling can call "
          "any function: load with torch.load(path, map_location='cpu', weights_only=True).")
ATOMIC = ("save_checkpoint(): write to a temporary file in the same folder, then os.replace(tmp, path): the "
          "rename is atomic, so a failed save leaves the old checkpoint whole (torch.save(obj, path) truncates it "
          "first).")
CLEANUP = ("save_checkpoint(): if writing fails, delete the temporary file before re-raising (try: ... except "
           "BaseException: os.unlink(tmp); raise).")
MOVED = ("save_checkpoint(): publish the temporary file with os.replace(tmp, path), which moves it: a successful "
         "save leaves only the checkpoint.")
RAISE = "save_checkpoint(): let the error propagate (after cleaning up): a caller must know the save failed."
PUBLISH = ("save_checkpoint(): write a temporary file, then publish it with os.replace(tmp, path), a rename: "
           "writing to path itself (torch.save(obj, path), shutil.copyfile(tmp, path)) rewrites the file a reader "
           "may have open.")
MAP_LOCATION = ("load_checkpoint(): load with torch.load(path, map_location='cpu', weights_only=True): a "
                "checkpoint written on a GPU machine then loads on one without.")
PARENTS = "save_checkpoint(): create the folder first: Path(path).parent.mkdir(parents=True, exist_ok=True)."
RESUME = ("load_checkpoint(): resumed training continues exactly where it stopped: the model's parameters and "
          "buffers and the optimizer's state all come from the checkpoint.")
WHOLE = ("load_model(): return the module itself: save_model pickles the whole module (torch.save(model, path)) "
         "and load_model unpickles it.")
FRESH = "load_model(): read the file at every call: return a new module each time, not a cached one."
SAME = ("load_model(): the loaded module has the saved module's layers and state: pickle the whole module "
        "(torch.save(model, path)) and unpickle it.")

# Classic mistakes that show as an error in the learner's code, told by words of its message:
# (function, words of the error, name, fix).
CRASHES = [crash(function, name, fix=fix, raised=words) for function, words, name, fix in [
    ("load_model", "Weights only load failed", "torch.load with weights_only=True cannot unpickle a whole module",
     "load_model(): the file holds a whole pickled module: load it with torch.load(path, weights_only=False) "
     "(trusted files only)."),
    ("load_checkpoint", "Attempting to deserialize object on a CUDA device", "torch.load without map_location='cpu'",
     MAP_LOCATION),
    *((name, "No such file or directory", "the missing parent folders were not created",
       PARENTS.replace("save_checkpoint()", f"{name}()")) for name in ("save_checkpoint", "save_model")),
]]
MISTAKES = CRASHES



# -- the model, the data and the training used by the tests --------------------------------------
def make_model(seed: int, width: int = 16) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(6, width), nn.BatchNorm1d(width), nn.ReLU(), nn.Linear(width, 3))


def make_optimizer(model: nn.Module, lr: float = 1e-2) -> torch.optim.Optimizer:
    return torch.optim.Adam(model.parameters(), lr=lr)


def batch(step: int) -> tuple[torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(100 + step)
    return torch.randn(8, 6, generator=gen), torch.randint(0, 3, (8,), generator=gen)


def train_step(model: nn.Module, optimizer: torch.optim.Optimizer, step: int) -> tuple[float, float]:
    """One Adam step; returns (training loss, evaluation loss after the step).

    The evaluation loss uses BatchNorm's running statistics, so it depends on the buffers too.
    """
    model.train()
    x, y = batch(step)
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    model.eval()
    with torch.no_grad():
        x, y = batch(-1)
        eval_loss = F.cross_entropy(model(x), y)
    model.train()
    return loss.item(), eval_loss.item()


@functools.cache
def _trained(steps: int, seed: int, width: int):
    model = make_model(seed, width)
    optimizer = make_optimizer(model)
    for step in range(steps):
        train_step(model, optimizer, step)
    return model, optimizer


def trained(steps: int = 3, seed: int = 0, width: int = 16):
    """A model and its Adam optimizer after `steps` training steps: a fresh copy at each call (the
    training runs once per arguments; copied together, the optimizer holds the copy's parameters)."""
    return copy.deepcopy(_trained(steps, seed, width))


# -- calling the learner's functions ----------------------------------------------------------------
ARGS = {"save_checkpoint": ("path", "model", "optimizer", "epoch"), "load_checkpoint": ("path", "model", "optimizer"),
        "save_model": ("model", "path"), "load_model": ("path",)}


def run(kata: Kata, name: str, title: str, *args, hint: str = "", may_raise: bool = False,
        fsize_limit: int | None = None, layer: str = "", **extra) -> Any:
    """Call the learner's `name` with positional `args`. load_checkpoint restores the caller's model
    and optimizer in place: after the call, the objects given here hold what the learner loaded.

    With may_raise, the learner's exception propagates to the caller instead of failing the test.
    """
    values = dict(zip(ARGS[name], args))
    states = [key for key, v in values.items() if isinstance(v, (nn.Module, torch.optim.Optimizer))
              and name == "load_checkpoint"]
    c = Case(title, values, hint=hint, raises=Exception if may_raise else None, kwargs=extra, tier=layer)
    return kata.call(name, c, states=states, fsize_limit=fsize_limit, none_ok=True)


def call_expecting_error(kata: Kata, name: str, title: str, *args, **extra) -> BaseException | None:
    """The learner's exception, or None if the call returned normally."""
    try:
        run(kata, name, title, *args, may_raise=True, **extra)
    except (Blocked, KataFailure):
        raise
    except Exception as exc:  # noqa: BLE001 - any error is a refusal
        return exc
    return None


def case_for(title: str, hint: str = "", layer: str = "", **args) -> Case:
    return Case(title, args, hint=hint, tier=layer)


def first_difference(got: Any, want: Any, where: str) -> str | None:
    """Where two nested states (dicts, lists, tensors, numbers) first differ, or None."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return f"{where} is {type(got).__name__}, expected a dict"
        missing = [k for k in want if k not in got]
        if missing:
            return f"{where} lacks {missing[0]!r}"
        extra = [k for k in got if k not in want]
        if extra:
            return f"{where} has an unexpected key {extra[0]!r}"
        for key in want:
            found = first_difference(got[key], want[key], f"{where}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(want, (list, tuple)):
        if not isinstance(got, (list, tuple)) or len(got) != len(want):
            return f"{where} is {got!r}, expected {want!r}"
        for i, (g, w) in enumerate(zip(got, want)):
            found = first_difference(g, w, f"{where}[{i}]")
            if found:
                return found
        return None
    if isinstance(want, torch.Tensor):
        if not isinstance(got, torch.Tensor):
            return f"{where} is {type(got).__name__}, expected a tensor"
        if got.shape != want.shape or got.dtype != want.dtype:
            return (f"{where} is a {got.dtype} tensor of shape {tuple(got.shape)}, expected "
                    f"{want.dtype} {tuple(want.shape)}")
        if not torch.equal(got, want):
            return f"{where} differs: largest difference {(got.double() - want.double()).abs().max().item():.3g}"
        return None
    if got != want or type(got) is not type(want):
        return f"{where} is {got!r}, expected {want!r}"
    return None


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def check_only_checkpoint(kata: Kata, name: str, c: Case, folder: Path, expected: list[str], *,
                          failed: bool = False) -> None:
    """Only the checkpoint is left in the folder, after a successful save or (failed) a failed one."""
    left = files_in(folder)
    if left != expected:
        what = "the failed save left its temporary file behind" if failed else \
            "the save succeeded but left a temporary file behind"
        kata.fail(name, c, f"{what}: the folder holds {left}, expected only {expected}",
                  hint=CLEANUP if failed else MOVED)


# -- round trip ---------------------------------------------------------------------------------------
def saved_and_loaded(kata: Kata, tmp_path: Path, **extra):
    kata.require("save_checkpoint", "load_checkpoint")  # before training a model: fast "not started"
    model, optimizer = trained()
    path = tmp_path / "ckpt.pt"
    run(kata, "save_checkpoint", "save a trained model and its Adam optimizer", path, model, optimizer, 7,
        **extra)
    if not path.is_file():
        kata.fail("save_checkpoint", case_for("save a trained model", path=path), "no file was written at path",
                  hint="save_checkpoint(): write the checkpoint to exactly the path given.")
    fresh = make_model(seed=99)
    fresh_optimizer = make_optimizer(fresh, lr=1e-4)  # the checkpoint's lr must come back
    returned = run(kata, "load_checkpoint", "load into a freshly made model and optimizer", path, fresh,
                   fresh_optimizer)
    return model, optimizer, fresh, fresh_optimizer, returned, path


def test_parameters_and_buffers_come_back_equal(kata, tmp_path):
    model, _, fresh, _, _, path = saved_and_loaded(kata, tmp_path)
    c = case_for("save, then load into a model made with another seed", path=path, model=model)
    want, got = model.state_dict(), fresh.state_dict()
    buffers = {name for name, _ in model.named_buffers()}
    for key in want:
        problem = first_difference(got[key], want[key], key)
        if problem:
            kind = "buffer" if key in buffers else "parameter"
            low = rounded_to(got[key], want[key])
            if low:
                kata.fail("load_checkpoint", c, f"{kind} {key} came back rounded to {low}: {problem}", hint=ROUNDED)
            kata.fail("load_checkpoint", c, f"{kind} {key} was not restored: {problem}",
                      hint=BUFFERS if kind == "buffer" else PARAMS)


def rounded_to(got: Any, want: Any) -> str:
    """'float16' (or 'bfloat16') when `got` is `want` rounded to that precision and back, else ''."""
    if not (isinstance(got, torch.Tensor) and isinstance(want, torch.Tensor) and want.is_floating_point()
            and got.shape == want.shape and got.dtype == want.dtype):
        return ""
    for low in (torch.float16, torch.bfloat16):
        if torch.equal(got, want.to(low).to(want.dtype)):
            return str(low).replace("torch.", "")
    return ""


def test_optimizer_state_comes_back_equal(kata, tmp_path):
    _, optimizer, _, fresh_optimizer, _, path = saved_and_loaded(kata, tmp_path)
    c = case_for("Adam after 3 steps, loaded into a fresh Adam (lr 1e-4)", path=path)
    problem = first_difference(fresh_optimizer.state_dict(), optimizer.state_dict(), "optimizer.state_dict()")
    if problem:
        saved = holds_optimizer_state(path)
        if saved is None:
            kata.fail("load_checkpoint", c, f"the optimizer's state was not restored: {problem}", hint=NOT_SAVED)
        what = "saved but not restored" if saved else "never saved"
        kata.fail("load_checkpoint", c, f"the optimizer's state was {what}: {problem}",
                  hint=NOT_LOADED if saved else NOT_SAVED)


def holds_optimizer_state(path: Path) -> bool | None:
    """Whether the checkpoint file holds an optimizer's state_dict ({'state': ..., 'param_groups': ...});
    None when it cannot be read with weights_only=True (other checks say why)."""
    try:
        content = torch.load(path, map_location="cpu", weights_only=True)
    except Exception:  # noqa: BLE001
        return None

    def found(value, depth=0) -> bool:
        if isinstance(value, dict):
            if "state" in value and "param_groups" in value and value["state"]:
                return True
            return depth < 4 and any(found(v, depth + 1) for v in value.values())
        if isinstance(value, (list, tuple)):
            return depth < 4 and any(found(v, depth + 1) for v in value)
        return False

    return found(content)


EXTRAS = dict(best_accuracy=0.8125, note="warm-up done", history=[1.5, 0.75, 0.5],
              config={"lr": 0.01, "sizes": [16, 3], "amsgrad": False})


def test_epoch_and_extra_values_come_back(kata, tmp_path):
    extra = {**EXTRAS, "class_weights": torch.tensor([0.5, 1.0, 2.0])}
    _, _, _, _, returned, path = saved_and_loaded(kata, tmp_path, **extra)
    c = case_for("save_checkpoint(path, model, optimizer, 7, **extra), then load_checkpoint", path=path, **extra)
    want = {"epoch": 7, **extra}
    problem = first_difference(returned, want, "the returned dict")
    if problem:
        lost = isinstance(returned, dict) and any(key not in returned for key in extra)
        summary = f"the extra values saved were not returned: {problem}" if lost else problem
        kata.fail("load_checkpoint", c, summary, got=returned, expected=want, hint=EXTRA)


def read_weights_only(kata: Kata, path: Path, title: str) -> Any:
    """torch.load(path, weights_only=True), or a failure that says why it cannot read the file."""
    try:
        return torch.load(path, weights_only=True)
    except Exception as exc:  # noqa: BLE001
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))
        why = next((line.strip() for line in text.splitlines() if "Unsupported global" in line),
                   text.splitlines()[0] if text else "")
        pickled = re.search(r"GLOBAL (\S+)", why)
        what = f"the checkpoint holds a pickled object ({pickled.group(1)})" if pickled else "the checkpoint"
        kata.fail("save_checkpoint", case_for(title, path=path),
                  f"{what}: torch.load(path, weights_only=True) cannot read the file ({type(exc).__name__})",
                  details=[why.split(" Please use")[0][:300]], hint=WEIGHTS_ONLY_FILE)


def test_checkpoint_loads_with_weights_only(kata, tmp_path):
    kata.require("save_checkpoint")  # before training: fast "not started"
    model, optimizer = trained()
    path = tmp_path / "ckpt.pt"
    run(kata, "save_checkpoint", "save a trained model", path, model, optimizer, 1, note="x")
    read_weights_only(kata, path, "save a trained model, then torch.load(path, weights_only=True)")


def test_without_an_optimizer(kata, tmp_path):
    kata.require("save_checkpoint", "load_checkpoint")  # before training: fast "not started"
    model, _ = trained()
    path = tmp_path / "model-only.pt"
    run(kata, "save_checkpoint", "save_checkpoint(path, model, None, 1)", path, model, None, 1,
        hint="save_checkpoint(): optimizer may be None: save the model's state and the epoch, and no "
             "optimizer state.")
    fresh = make_model(seed=5)
    returned = run(kata, "load_checkpoint", "load_checkpoint(path, model) without an optimizer", path, fresh,
                   hint="load_checkpoint(): optimizer is optional: restore only the model when it is None.")
    c = case_for("save_checkpoint(path, model, None, 1), then load_checkpoint(path, model)", path=path)
    if first_difference(returned, {"epoch": 1}, "the returned dict"):
        kata.fail("load_checkpoint", c, "wrong result", got=returned, expected={"epoch": 1}, hint=EXTRA)
    problem = first_difference(fresh.state_dict(), model.state_dict(), "model.state_dict()")
    if problem:
        kata.fail("load_checkpoint", c, f"the model was not restored: {problem}", hint=BUFFERS)


def test_resumed_training_gives_the_same_losses(kata, tmp_path):
    """6 Adam steps straight through, against 3 steps, a checkpoint, a fresh process' worth of
    objects, and 3 more steps: every loss must be identical."""
    kata.require("save_checkpoint", "load_checkpoint")  # before training: fast "not started"
    model, optimizer = make_model(seed=0), None
    optimizer = make_optimizer(model)
    straight = [train_step(model, optimizer, step) for step in range(6)]

    model = make_model(seed=0)
    optimizer = make_optimizer(model)
    resumed = [train_step(model, optimizer, step) for step in range(3)]
    path = tmp_path / "epoch3.pt"
    run(kata, "save_checkpoint", "save after 3 steps", path, model, optimizer, 3)
    model = make_model(seed=123)  # as a new process would: other weights, a new optimizer
    optimizer = make_optimizer(model)
    info = run(kata, "load_checkpoint", "load into a new model and optimizer", path, model, optimizer)
    start = info.get("epoch") if isinstance(info, dict) else None
    resumed += [train_step(model, optimizer, step) for step in range(3, 6)]
    c = case_for("train 6 steps straight vs 3 steps, save, load into new objects, 3 more steps", path=path)
    if start != 3:
        kata.fail("load_checkpoint", c, f"the returned epoch is {start!r}, expected 3", hint=EXTRA)
    for step, (got, want) in enumerate(zip(resumed, straight)):
        if got != want:
            kata.fail("load_checkpoint", c, f"step {step}: (train loss, eval loss) is {got}, expected {want}",
                      details=[f"train losses, resumed:       {[round(a, 6) for a, _ in resumed]}",
                               f"train losses, uninterrupted: {[round(a, 6) for a, _ in straight]}",
                               f"eval losses, resumed:        {[round(b, 6) for _, b in resumed]}",
                               f"eval losses, uninterrupted:  {[round(b, 6) for _, b in straight]}",
                               "(the eval loss uses BatchNorm's running statistics: the buffers)"],
                      hint=RESUME)


# -- security -------------------------------------------------------------------------------------------
class Payload:
    """Unpickling it calls open(marker, 'w'), which creates the marker file: proof that code ran."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def check_refused(kata: Kata, c: Case, path: Path, marker: Path) -> None:
    kata.require("load_checkpoint")  # before making an optimizer (torch's first costs ~1 s): fast "not started"
    error = call_expecting_error(kata, "load_checkpoint", c.name, path, make_model(seed=1),
                                 make_optimizer(make_model(seed=1)))
    if marker.exists():
        kata.fail("load_checkpoint", c, "loading the file RAN code hidden in it (the marker file was created)",
                  details=[f"the file holds an object whose unpickling calls open({marker.name!r}, 'w')"],
                  hint=UNSAFE)
    if error is None:
        kata.fail("load_checkpoint", c, "load_checkpoint accepted a file holding a pickled object; it must "
                                        "refuse it (raise)", hint=UNSAFE)


def test_refuses_a_file_holding_a_pickled_object(kata, tmp_path):
    path, marker = tmp_path / "evil.pt", tmp_path / "CODE_RAN"
    torch.save({"model": Payload(marker)}, path)
    check_refused(kata, case_for("a file whose only content is a malicious pickled object", path=path),
                  path, marker)


def test_refuses_a_checkpoint_with_an_object_slipped_in(kata, tmp_path):
    kata.require("save_checkpoint")  # before training: fast "not started"
    model, optimizer = trained()
    path, marker = tmp_path / "tampered.pt", tmp_path / "CODE_RAN"
    run(kata, "save_checkpoint", "save a trained model", path, model, optimizer, 2)
    content = read_weights_only(kata, path, "save a trained model, then torch.load(path, weights_only=True)")
    if isinstance(content, dict):
        content["zzz_payload"] = Payload(marker)
    else:
        content = {"checkpoint": content, "zzz_payload": Payload(marker)}
    torch.save(content, path)
    check_refused(kata, case_for("your own checkpoint, with a malicious pickled object added", path=path),
                  path, marker)


# -- atomicity and folders --------------------------------------------------------------------------------
def check_atomic_failure(kata: Kata, tmp_path: Path, title: str, *, limit_file_size: bool = False, layer: str = "",
                         **extra):
    folder = tmp_path / "run"
    path = folder / "ckpt.pt"
    width = 128 if limit_file_size else 16  # even the model's state alone is far above the size limit
    kata.require("save_checkpoint")  # before training: fast "not started"
    model, optimizer = trained(seed=0, width=width)
    first = "save a first checkpoint (epoch 1) into a new folder"
    run(kata, "save_checkpoint", first, path, model, optimizer, 1, hint=PARENTS, layer=layer)
    check_only_checkpoint(kata, "save_checkpoint", case_for(first, path=path, epoch=1, layer=layer), folder,
                          ["ckpt.pt"])
    before = path.read_bytes()
    newer, newer_optimizer = trained(steps=4, seed=1, width=width)
    c = case_for(title, path=path, epoch=2, layer=layer, **extra)
    # A full disk: writes beyond 4 KiB fail with EFBIG while the learner's save runs.
    limit = {"fsize_limit": 4 * 1024} if limit_file_size else {}
    error = call_expecting_error(kata, "save_checkpoint", title, path, newer, newer_optimizer, 2, **limit,
                                 layer=layer, **extra)
    if path.read_bytes() != before:
        kata.fail("save_checkpoint", c, "the checkpoint already at path was damaged by the failed save",
                  details=[f"its size went from {len(before)} to {path.stat().st_size} bytes"
                           if path.exists() else "it is gone"], hint=ATOMIC)
    if error is None:
        kata.fail("save_checkpoint", c, "save_checkpoint returned normally, but writing failed: it must raise",
                  hint=RAISE)
    check_only_checkpoint(kata, "save_checkpoint", c, folder, ["ckpt.pt"], failed=True)


def test_atomic_when_an_extra_value_cannot_be_saved(kata, tmp_path):
    check_atomic_failure(kata, tmp_path, "save over an existing checkpoint, with an extra value that cannot be "
                                         "pickled (a lambda)", callback=lambda: 0)


def test_creates_missing_parent_folders(kata, tmp_path):
    kata.require("save_checkpoint", "load_checkpoint")  # before training: fast "not started"
    model, optimizer = trained()
    path = str(tmp_path / "runs" / "exp 1" / "ckpt.pt")  # a str path works as well as a Path
    run(kata, "save_checkpoint", "save into folders that do not exist yet", path, model, optimizer, 4,
        hint=PARENTS)
    fresh = make_model(seed=3)
    returned = run(kata, "load_checkpoint", "load from a str path", path, fresh, make_optimizer(fresh))
    c = case_for("save into folders that do not exist yet", path=path)
    if not isinstance(returned, dict) or returned.get("epoch") != 4:
        kata.fail("load_checkpoint", c, "wrong result", got=returned, expected={"epoch": 4}, hint=EXTRA)
    check_only_checkpoint(kata, "save_checkpoint", c, tmp_path / "runs" / "exp 1", ["ckpt.pt"])


def test_overwrites_an_existing_checkpoint(kata, tmp_path):
    kata.require("save_checkpoint", "load_checkpoint")  # before training: fast "not started"
    model, optimizer = trained()
    path = tmp_path / "last.pt"
    run(kata, "save_checkpoint", "save epoch 1", path, model, optimizer, 1)
    train_step(model, optimizer, 3)
    run(kata, "save_checkpoint", "save epoch 2 to the same path", path, model, optimizer, 2,
        hint="save_checkpoint(): saving to a path that exists replaces the file (os.replace does; os.rename "
             "fails on Windows).")
    fresh = make_model(seed=4)
    returned = run(kata, "load_checkpoint", "load the second save", path, fresh, make_optimizer(fresh))
    c = case_for("save epoch 1, then epoch 2 to the same path, then load", path=path)
    if not isinstance(returned, dict) or returned.get("epoch") != 2:
        kata.fail("load_checkpoint", c, "the second save did not replace the first", got=returned,
                  expected={"epoch": 2}, hint=EXTRA)
    problem = first_difference(fresh.state_dict(), model.state_dict(), "model.state_dict()")
    if problem:
        kata.fail("load_checkpoint", c, f"the model was not restored: {problem}", hint=BUFFERS)
    check_only_checkpoint(kata, "save_checkpoint", c, tmp_path, ["last.pt"])


@pytest.mark.skipif(os.name == "nt", reason="Windows cannot replace a file that is open")
def test_publishes_by_renaming_not_by_rewriting_the_file(kata, tmp_path):
    kata.require("save_checkpoint")  # before training: fast "not started"
    model, optimizer = trained()
    path = tmp_path / "last.pt"
    run(kata, "save_checkpoint", "save epoch 1", path, model, optimizer, 1)
    before = path.read_bytes()
    title = "save epoch 2 to the same path while a reader has epoch 1 open"
    with open(path, "rb") as reader:  # e.g. an evaluation job that opened the last checkpoint
        train_step(model, optimizer, 3)
        run(kata, "save_checkpoint", title, path, model, optimizer, 2)
        same_file = os.path.samestat(os.fstat(reader.fileno()), os.stat(path))
        seen = reader.read()
    if same_file or seen != before:
        c = case_for(title, path=path)
        kata.fail("save_checkpoint", c, "the save rewrote the existing file in place instead of replacing it",
                  details=["path still names the file the reader opened" if same_file else
                           "path names a new file, but the file the reader opened was changed",
                           f"the reader then read {len(seen)} bytes of epoch 2, not the {len(before)} bytes "
                           "of epoch 1" if seen != before else "its bytes were rewritten"],
                  hint=PUBLISH)
    check_only_checkpoint(kata, "save_checkpoint", case_for(title, path=path), tmp_path, ["last.pt"])


# -- the whole-model variant -------------------------------------------------------------------------------
def loaded_model(impl, path, x) -> dict:
    """Runs in the worker: load_model(path) twice, described as plain data."""
    loaded = impl.load_model(path)
    again = impl.load_model(path)
    found = {"type": type(loaded).__name__, "module": isinstance(loaded, nn.Module), "same": loaded is again}
    if found["module"]:
        found["n_modules"] = len(list(loaded.modules()))
        found["state"] = loaded.state_dict()
        with torch.no_grad():
            found["out"] = loaded.eval()(x)
    return found


def test_save_model_and_load_model(kata, tmp_path):
    kata.require("save_model", "load_model")  # before training: fast "not started"
    model, _ = trained()
    model.eval()
    path = tmp_path / "models" / "net.pt"
    run(kata, "save_model", "save_model(model, path) into a folder that does not exist", model, path,
        hint=PARENTS.replace("save_checkpoint()", "save_model()"))
    c = case_for("save_model(model, path), then load_model(path)", hint=WHOLE, path=path)
    x, _ = batch(9)
    loaded = kata.run("load_model", c, loaded_model, path, x)
    if not loaded["module"]:
        what = " (a state_dict: save_model saves the whole module)" if "dict" in loaded["type"].lower() else ""
        kata.fail("load_model", c, f"load_model returned a {loaded['type']}{what}, not an nn.Module", hint=WHOLE)
    if loaded["type"] != type(model).__name__ or loaded["n_modules"] != len(list(model.modules())):
        kata.fail("load_model", c, f"load_model returned {loaded['type']} with other layers", hint=SAME)
    if loaded["same"]:
        kata.fail("load_model", c, "load_model returned the same object twice: it must read the file each time",
                  hint=FRESH)
    problem = first_difference(loaded["state"], model.state_dict(), "state_dict()")
    if problem:
        kata.fail("load_model", c, f"the loaded model differs: {problem}", hint=SAME)
    with torch.no_grad():
        if not torch.equal(loaded["out"], model(x)):
            kata.fail("load_model", c, "the loaded model gives other outputs in eval mode", hint=SAME)


# -- edge cases: a full disk, a checkpoint written on a GPU machine ----------------------------------
@pytest.mark.layer("edge")
@pytest.mark.skipif(resource is None or not hasattr(signal, "SIGXFSZ"), reason="needs a POSIX file-size limit")
def test_atomic_when_the_disk_fills_up(kata, tmp_path):
    check_atomic_failure(kata, tmp_path, "save over an existing checkpoint while the disk fills up after 4 KiB",
                         limit_file_size=True, layer="edge")


_SAVED_ON: list[str] = []  # the device torch.save records for every storage, inside saved_on()
_tagger_registered = False


def _tag_storage(storage) -> str | None:
    return _SAVED_ON[-1] if _SAVED_ON else None


@contextlib.contextmanager
def saved_on(device: str):
    """Inside, torch.save records every storage as living on `device` ("cuda:0"), as a GPU machine
    writes it: no GPU needed. Outside, torch's own taggers decide, as usual."""
    global _tagger_registered
    if not _tagger_registered:
        # Ahead of torch's taggers (cpu is 10). The deserializer claims nothing: loading goes
        # through torch's own, exactly as on a machine that never saw this test.
        torch.serialization.register_package(-1, _tag_storage, lambda storage, location: None)
        _tagger_registered = True
    _SAVED_ON.append(device)
    try:
        yield
    finally:
        _SAVED_ON.pop()


@pytest.mark.layer("edge")
def test_loads_a_checkpoint_written_on_a_gpu(kata, tmp_path):
    kata.require("save_checkpoint", "load_checkpoint")  # before training: fast "not started"
    model, optimizer = trained()
    path = tmp_path / "from-gpu.pt"
    weights = torch.tensor([0.5, 1.0, 2.0])
    run(kata, "save_checkpoint", "save a trained model", path, model, optimizer, 5, class_weights=weights,
        layer="edge")
    # Rewrite the learner's own file as a GPU machine would have written it: same content, every
    # storage tagged cuda:0.
    content = read_weights_only(kata, path, "save a trained model, then torch.load(path, weights_only=True)")
    with saved_on("cuda:0"):
        torch.save(content, path)
    try:
        torch.load(path, weights_only=True)
    except RuntimeError:
        pass  # as on every machine without a GPU: the file names cuda:0
    else:
        pytest.skip("this machine has a GPU: a cuda:0 checkpoint loads without map_location")
    fresh = make_model(seed=8)
    fresh_optimizer = make_optimizer(fresh, lr=1e-4)
    title = "load a checkpoint saved on a GPU (its tensors are tagged cuda:0) on a machine without one"
    returned = run(kata, "load_checkpoint", title, path, fresh, fresh_optimizer, hint=MAP_LOCATION, layer="edge")
    c = case_for(title, path=path, layer="edge")
    for got, want, what in ((fresh.state_dict(), model.state_dict(), "model.state_dict()"),
                            (fresh_optimizer.state_dict(), optimizer.state_dict(), "optimizer.state_dict()"),
                            (returned, {"epoch": 5, "class_weights": weights}, "the returned dict")):
        problem = first_difference(got, want, what)
        if problem:
            kata.fail("load_checkpoint", c, f"not restored onto the CPU: {problem}", hint=MAP_LOCATION)
