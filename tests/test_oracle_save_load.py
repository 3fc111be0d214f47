"""The save_load reference against torch itself, and controls that prove the graded tests' traps work:
the payload really runs code when loaded unsafely, and the simulated failures really damage a file
written in place. Every file lives in pytest's tmp_path."""
from __future__ import annotations

import importlib.util
import os
import shutil
import signal

import pytest
import torch

from katatest import ROOT


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ref = load("reference_save_load", ROOT / "solutions" / "save_load.py")
graded = load("graded_save_load", ROOT / "katas" / "save_load" / "test_save_load.py")


def test_round_trip_equals_torch_state(tmp_path):
    model, optimizer = graded.trained()
    ref.save_checkpoint(tmp_path / "a" / "c.pt", model, optimizer, 5, note="n", t=torch.arange(3))
    raw = torch.load(tmp_path / "a" / "c.pt", weights_only=True)  # the file is weights-only readable
    assert raw["epoch"] == 5
    fresh = graded.make_model(seed=9)
    fresh_optimizer = graded.make_optimizer(fresh, lr=0.5)
    info = ref.load_checkpoint(tmp_path / "a" / "c.pt", fresh, fresh_optimizer)
    assert info.keys() == {"epoch", "note", "t"} and torch.equal(info["t"], torch.arange(3))
    for key, value in model.state_dict().items():
        assert torch.equal(fresh.state_dict()[key], value), key
    assert graded.first_difference(fresh_optimizer.state_dict(), optimizer.state_dict(), "opt") is None
    assert fresh_optimizer.param_groups[0]["lr"] == optimizer.param_groups[0]["lr"]


def test_the_payload_runs_code_when_loaded_unsafely(tmp_path):
    """Control for the security tests: without weights_only the marker appears."""
    marker = tmp_path / "CODE_RAN"
    torch.save({"model": graded.Payload(marker)}, tmp_path / "evil.pt")
    with pytest.raises(Exception):
        torch.load(tmp_path / "evil.pt", weights_only=True)
    assert not marker.exists()
    torch.load(tmp_path / "evil.pt", weights_only=False)
    assert marker.exists()


def test_reference_refuses_the_payload(tmp_path):
    marker = tmp_path / "CODE_RAN"
    torch.save({"model": graded.Payload(marker)}, tmp_path / "evil.pt")
    with pytest.raises(Exception):
        ref.load_checkpoint(tmp_path / "evil.pt", graded.make_model(0))
    assert not marker.exists()


def test_a_lambda_extra_damages_a_file_written_in_place(tmp_path):
    """Control for the atomicity test: torch.save straight to the path loses the old file."""
    path = tmp_path / "c.pt"
    torch.save({"x": torch.ones(1000)}, path)
    before = path.read_bytes()
    with pytest.raises(Exception):
        torch.save({"x": torch.ones(10), "f": lambda: 0}, path)
    assert path.read_bytes() != before


@pytest.mark.skipif(graded.resource is None, reason="POSIX only")
def test_the_file_size_limit_damages_a_file_written_in_place(tmp_path):
    resource = graded.resource
    path = tmp_path / "c.pt"
    torch.save({"x": torch.zeros(10_000)}, path)
    before = path.read_bytes()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    old = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4 * 1024, hard))
    try:
        with pytest.raises(Exception):
            torch.save({"x": torch.ones(10_000)}, path)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old)
    assert path.read_bytes() != before


@pytest.mark.skipif(os.name == "nt", reason="Windows cannot replace a file that is open")
def test_copyfile_rewrites_the_file_a_reader_holds_and_replace_does_not(tmp_path):
    """Control for the publishing test: the open file and the inode tell a copy from a rename."""
    path, tmp = tmp_path / "c.pt", tmp_path / "c.pt.tmp"
    path.write_bytes(b"epoch 1 " * 100)
    with open(path, "rb") as reader:
        tmp.write_bytes(b"epoch 2 " * 100)
        shutil.copyfile(tmp, path)
        assert os.path.samestat(os.fstat(reader.fileno()), os.stat(path))
        assert reader.read() == b"epoch 2 " * 100
    with open(path, "rb") as reader:
        tmp.write_bytes(b"epoch 3 " * 100)
        os.replace(tmp, path)
        assert not os.path.samestat(os.fstat(reader.fileno()), os.stat(path))
        assert reader.read() == b"epoch 2 " * 100


@pytest.mark.skipif(torch.cuda.is_available(), reason="a machine with a GPU loads cuda:0 storages")
def test_a_checkpoint_saved_as_on_cuda_needs_map_location(tmp_path):
    """Control for the GPU test: inside saved_on("cuda:0") torch.save records every storage as on
    cuda:0, so torch.load without map_location fails here; outside, torch.save is unchanged."""
    model, optimizer = graded.trained()
    ref.save_checkpoint(tmp_path / "cpu.pt", model, optimizer, 1)
    content = torch.load(tmp_path / "cpu.pt", weights_only=True)
    with graded.saved_on("cuda:0"):
        torch.save(content, tmp_path / "gpu.pt")
    with pytest.raises(RuntimeError, match="CUDA"):
        torch.load(tmp_path / "gpu.pt", weights_only=True)
    assert torch.load(tmp_path / "gpu.pt", map_location="cpu", weights_only=True)["epoch"] == 1
    torch.save(content, tmp_path / "again.pt")
    assert torch.load(tmp_path / "again.pt", weights_only=True)["epoch"] == 1
    fresh = graded.make_model(seed=3)
    assert ref.load_checkpoint(tmp_path / "gpu.pt", fresh, graded.make_optimizer(fresh)) == {"epoch": 1}
    assert graded.first_difference(fresh.state_dict(), model.state_dict(), "model") is None


def test_reference_is_atomic_when_torch_save_fails_half_way(tmp_path, monkeypatch):
    model, optimizer = graded.trained()
    path = tmp_path / "c.pt"
    ref.save_checkpoint(path, model, optimizer, 1)
    before = path.read_bytes()
    real_save = torch.save

    def half_save(obj, f, *args, **kwargs):
        real_save({"half": torch.ones(100)}, f)  # some bytes reach the file, then it fails
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(torch, "save", half_save)
    with pytest.raises(OSError):
        ref.save_checkpoint(path, model, optimizer, 2)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.pt"]


def test_resumed_training_is_exact_with_the_reference(tmp_path):
    model = graded.make_model(0)
    optimizer = graded.make_optimizer(model)
    straight = [graded.train_step(model, optimizer, s) for s in range(4)]
    model = graded.make_model(0)
    optimizer = graded.make_optimizer(model)
    resumed = [graded.train_step(model, optimizer, s) for s in range(2)]
    ref.save_checkpoint(tmp_path / "c.pt", model, optimizer, 2)
    model = graded.make_model(7)
    optimizer = graded.make_optimizer(model)
    ref.load_checkpoint(tmp_path / "c.pt", model, optimizer)
    resumed += [graded.train_step(model, optimizer, s) for s in range(2, 4)]
    assert resumed == straight


def test_whole_model_round_trip(tmp_path):
    model, _ = graded.trained()
    ref.save_model(model, tmp_path / "m" / "net.pt")
    loaded = ref.load_model(tmp_path / "m" / "net.pt")
    assert type(loaded) is type(model) and loaded is not model
    x, _ = graded.batch(0)
    model.eval(), loaded.eval()
    assert torch.equal(loaded(x), model(x))
    with pytest.raises(Exception):  # the safe loader refuses a whole module
        torch.load(tmp_path / "m" / "net.pt", weights_only=True)
