"""RIGHT: serialise to an in-memory buffer first, then write a sibling file and rename it."""
import io
import os
from pathlib import Path

import torch


def _write_atomically(data: bytes, path: Path) -> None:
    tmp = path.with_name(path.name + f".{os.getpid()}.incomplete")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def save_checkpoint(path, model, optimizer, epoch, **extra):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    torch.save([model.state_dict(), optimizer.state_dict() if optimizer else {}, epoch, extra], buffer)
    _write_atomically(buffer.getvalue(), path)


def load_checkpoint(path, model, optimizer=None):
    with open(path, "rb") as f:
        model_state, optim_state, epoch, extra = torch.load(io.BytesIO(f.read()), map_location="cpu",
                                                            weights_only=True)
    model.load_state_dict(model_state)
    if optimizer is not None and optim_state:
        optimizer.load_state_dict(optim_state)
    return {"epoch": epoch, **extra}


def save_model(model, path):
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    torch.save(model, buffer)
    Path(path).write_bytes(buffer.getvalue())


def load_model(path):
    return torch.load(path, weights_only=False)
