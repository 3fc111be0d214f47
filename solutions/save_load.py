"""Reference solution for the save_load kata: checkpoints that are safe, atomic and complete."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import torch
from torch import nn


def _atomic_save(obj: Any, path: str | os.PathLike) -> None:
    """torch.save to a temporary file in the target folder, then rename it over `path`.

    os.replace is atomic within one file system: a reader sees the old file or the new one,
    never half of one. The temporary file lives beside `path` so the rename never crosses
    file systems, and it is removed if anything fails.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(obj, f)
            f.flush()
            os.fsync(f.fileno())  # on disk before the rename makes it visible
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def save_checkpoint(path: str | os.PathLike, model: nn.Module, optimizer: torch.optim.Optimizer | None,
                    epoch: int, **extra: Any) -> None:
    """Write the model's and optimizer's state dicts, the epoch and the extra values to `path`."""
    # state_dict() holds the parameters AND the buffers (BatchNorm's running stats);
    # the optimizer's holds its per-parameter state (Adam's moments and step) and hyper-parameters.
    _atomic_save({"model": model.state_dict(),
                  "optimizer": None if optimizer is None else optimizer.state_dict(),
                  "epoch": epoch,
                  "extra": extra}, path)


def load_checkpoint(path: str | os.PathLike, model: nn.Module,
                    optimizer: torch.optim.Optimizer | None = None) -> dict:
    """Restore the states saved by save_checkpoint in place; return {"epoch": ..., **extra}."""
    # weights_only=True: only tensors and plain containers are unpickled, so a crafted file
    # cannot run code. map_location="cpu": a checkpoint saved on a GPU loads on any machine.
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    model.load_state_dict(checkpoint["model"])
    if optimizer is not None and checkpoint["optimizer"] is not None:
        optimizer.load_state_dict(checkpoint["optimizer"])
    return {"epoch": checkpoint["epoch"], **checkpoint["extra"]}


def save_model(model: nn.Module, path: str | os.PathLike) -> None:
    """The whole module, pickled: loading needs its class importable under the same name."""
    _atomic_save(model, path)


def load_model(path: str | os.PathLike) -> nn.Module:
    """Unpickle a whole module. weights_only=False runs arbitrary code: trusted files only."""
    return torch.load(path, map_location="cpu", weights_only=False)
