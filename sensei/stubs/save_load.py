"""Kata: saving and loading PyTorch checkpoints. Read katas/save_load/README.md, then fill in.

Grade yourself with:  pytest katas/save_load
"""
from __future__ import annotations

import os
from typing import Any

import torch
from torch import nn


def save_checkpoint(path: str | os.PathLike, model: nn.Module, optimizer: torch.optim.Optimizer | None,
                    epoch: int, **extra: Any) -> None:
    """Write the model's and the optimizer's state dicts, the epoch and the extra values to `path`.

    optimizer may be None. Creates missing parent folders. Atomic: if writing fails half way, it
    raises, a checkpoint already at `path` is left intact, and no temporary file is left behind;
    the new file replaces the old one by a rename. The file must be readable by torch.load(path, weights_only=True).
    """
    raise NotImplementedError


def load_checkpoint(path: str | os.PathLike, model: nn.Module,
                    optimizer: torch.optim.Optimizer | None = None) -> dict:
    """Restore the model's (and the optimizer's, if given) state in place, onto the CPU (also from a
    checkpoint written on a GPU machine).

    Returns {"epoch": epoch, **extra}. Refuses (raises on) a file holding arbitrary pickled
    objects: nothing in the file may run.
    """
    raise NotImplementedError


def save_model(model: nn.Module, path: str | os.PathLike) -> None:
    """The whole-model variant: pickle the module itself (creates missing parent folders)."""
    raise NotImplementedError


def load_model(path: str | os.PathLike) -> nn.Module:
    """Load a module saved by save_model and return it (trusted files only)."""
    raise NotImplementedError
