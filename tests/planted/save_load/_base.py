"""A correct save_load with switches for the classic mistakes; planted files turn one on each."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import torch


def make(unsafe_load=False, model_only=False, optimizer_not_loaded=False, params_only=False, direct_write=False,
         no_mkdir=False, extra_not_returned=False, temp_left=False, no_cleanup=False, half=False,
         whole_objects=False, swallow=False, state_dict_model=False, load_model_weights_only=False,
         copy_publish=False, no_map_location=False):
    def write(obj, path):
        path = Path(path)
        if not no_mkdir:
            path.parent.mkdir(parents=True, exist_ok=True)
        if direct_write:
            torch.save(obj, path)
            return
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                torch.save(obj, f)
            if temp_left:
                shutil.copyfile(tmp, path)
            elif copy_publish:  # the temporary file is complete, but copying rewrites path's file in place
                shutil.copyfile(tmp, path)
                os.unlink(tmp)
            else:
                os.replace(tmp, path)
        except BaseException:
            if not no_cleanup:
                os.unlink(tmp)
            if not swallow:
                raise

    def save_checkpoint(path, model, optimizer, epoch, **extra):
        if params_only:
            state = {name: p.detach().clone() for name, p in model.named_parameters()}
        elif half:
            state = {k: v.half() if v.is_floating_point() else v for k, v in model.state_dict().items()}
        else:
            state = model if whole_objects else model.state_dict()
        opt = None
        if optimizer is not None and not model_only:
            opt = optimizer if whole_objects else optimizer.state_dict()
        write({"model": state, "optimizer": opt, "epoch": epoch, "extra": extra}, path)

    def load_checkpoint(path, model, optimizer=None):
        ckpt = torch.load(path, map_location=None if no_map_location else "cpu",
                          weights_only=not (unsafe_load or whole_objects))
        if whole_objects:
            model.load_state_dict(ckpt["model"].state_dict())
            if optimizer is not None and ckpt["optimizer"] is not None:
                optimizer.load_state_dict(ckpt["optimizer"].state_dict())
        else:
            state = {k: v.float() if half and v.is_floating_point() else v for k, v in ckpt["model"].items()}
            model.load_state_dict(state, strict=not params_only)
            if optimizer is not None and ckpt["optimizer"] is not None and not optimizer_not_loaded:
                optimizer.load_state_dict(ckpt["optimizer"])
        return {"epoch": ckpt["epoch"]} if extra_not_returned else {"epoch": ckpt["epoch"], **ckpt["extra"]}

    def save_model(model, path):
        write(model.state_dict() if state_dict_model else model, path)

    def load_model(path):
        return torch.load(path, weights_only=state_dict_model or load_model_weights_only)

    return save_checkpoint, load_checkpoint, save_model, load_model
