"""WRONG: writes a temporary file, then publishes it with shutil.copyfile(tmp, path) and os.unlink(tmp):
a failed write leaves the old checkpoint whole, but the copy truncates and rewrites the existing file
in place, so a crash or a reader midway sees half a checkpoint."""
from planted.save_load._base import make

EXPECT = "rewrote the existing file in place"

save_checkpoint, load_checkpoint, save_model, load_model = make(copy_publish=True)
