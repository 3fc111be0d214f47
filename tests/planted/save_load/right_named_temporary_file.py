"""RIGHT: tempfile.NamedTemporaryFile + os.replace, os.path strings, a flat layout of its own."""
import os
import tempfile

import torch


def save_checkpoint(path, model, optimizer, epoch, **extra):
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    payload = {"model_state": model.state_dict(), "epoch": epoch, "extra_values": dict(extra)}
    if optimizer is not None:
        payload["optim_state"] = optimizer.state_dict()
    tmp = tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".partial")
    try:
        with tmp:
            torch.save(payload, tmp)
        os.replace(tmp.name, path)
    except BaseException:
        if os.path.exists(tmp.name):
            os.remove(tmp.name)
        raise


def load_checkpoint(path, model, optimizer=None):
    payload = torch.load(path, map_location=torch.device("cpu"), weights_only=True)
    model.load_state_dict(payload["model_state"])
    if optimizer is not None and "optim_state" in payload:
        optimizer.load_state_dict(payload["optim_state"])
    result = {"epoch": payload["epoch"]}
    result.update(payload["extra_values"])
    return result


def save_model(model, path):
    os.makedirs(os.path.dirname(os.path.abspath(os.fspath(path))), exist_ok=True)
    torch.save(model, path)


def load_model(path):
    return torch.load(path, map_location="cpu", weights_only=False)
