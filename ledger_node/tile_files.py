"""The read path as plain files, laid out as Tessera's POSIX driver writes it (c2sp.org/tlog-tiles).

With ``ledger-node serve --tiles-dir DIR`` the node writes, beside its SQLite
state, ``DIR/checkpoint``, the hash tiles ``DIR/tile/<L>/<N>[.p/<W>]`` and the
entry bundles ``DIR/tile/entries/<N>[.p/<W>]``, so that any static file server
(nginx, a CDN) can serve the log. Every file is written atomically: into a
temporary file in the same directory, flushed and fsynced, renamed over its
name, and the directory fsynced. Tiles and bundles are immutable: a second write
of the same path must carry the same bytes. The checkpoint is written last,
after every tile and bundle its size implies is on disk, so the directory never
shows a checkpoint its files cannot prove. Partial tiles stay (as Tessera keeps
them): a client that read ``.p/W`` earlier finds it again.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from ledger_client import tiles
from ledger_node.errors import StorageError
from ledger_node.faults import CrashPlan
from ledger_node.storage import StoredCheckpoint
from ledger_node.tree import StoredTiles

CHECKPOINT_NAME = "checkpoint"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class TileFiles:
    """Writes a log's checkpoint, tiles and bundles under ``root``.

    Raises (from every method):
        StorageError: a file cannot be written, or an immutable file would change.
    """

    def __init__(self, root: Path, crash: CrashPlan | None = None) -> None:
        self.root = root
        self._crash = crash or CrashPlan()
        self._known_dirs: set[Path] = set()
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"the tiles directory {root} cannot be created: {exc.strerror}") from exc

    # ------------------------------------------------------------------ files

    def _ensure_dir(self, directory: Path) -> None:
        if directory in self._known_dirs:
            return
        missing = []
        here = directory
        while not here.exists():
            missing.append(here)
            here = here.parent
        for made in reversed(missing):
            made.mkdir(exist_ok=True)
            _fsync_dir(made.parent)  # the new directory's name is durable
        self._known_dirs.add(directory)

    def _write(self, name: str, data: bytes, *, immutable: bool) -> bool:
        """Write ``root/name`` atomically; returns False when an immutable file already holds ``data``."""
        path = self.root / name
        try:
            if immutable and path.exists():
                if path.read_bytes() != data:
                    raise StorageError(f"the immutable file {name} would change")
                return False
            self._ensure_dir(path.parent)
            temp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
            with temp.open("xb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(temp, 0o644)
            os.replace(temp, path)
            _fsync_dir(path.parent)
        except OSError as exc:
            raise StorageError(f"{name} cannot be written under {self.root}: {exc.strerror or exc}") from exc
        return True

    def write_resources(
        self, hash_tiles: Mapping[tiles.TileId, bytes], bundles: Mapping[tiles.BundleId, bytes]
    ) -> None:
        """Write new tiles and bundles (before the checkpoint that needs them)."""
        written = 0
        for bundle, data in bundles.items():
            written += self._write(bundle.path(), data, immutable=True)
            if written == 1:
                self._crash.reached("mid-tile-files")
        for tile, data in hash_tiles.items():
            written += self._write(tile.path(), data, immutable=True)
            if written == 1:
                self._crash.reached("mid-tile-files")

    def write_checkpoint(self, note: bytes) -> None:
        """Replace the checkpoint (last: every file its size needs must already be written)."""
        self._write(CHECKPOINT_NAME, note, immutable=False)

    def read_checkpoint(self) -> bytes | None:
        try:
            return (self.root / CHECKPOINT_NAME).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StorageError(f"the checkpoint under {self.root} cannot be read: {exc.strerror}") from exc

    def catch_up(self, stored: StoredTiles, published: StoredCheckpoint | None) -> int:
        """Write what the directory lacks for the published checkpoint, then that checkpoint.

        After a crash between the database and the files, or when ``--tiles-dir``
        is added to an existing log. Only missing files are written (existing
        ones are trusted to be whole: they were renamed into place). Returns how
        many files were written.
        """
        if published is None:
            return 0
        written = 0
        for tile in tiles.tiles_for_size(published.size):
            if not (self.root / tile.path()).exists():
                data = stored.find_tile(tile)
                if data is None:
                    raise StorageError(f"the database holds no {tile.path()} for the published size")
                written += self._write(tile.path(), data, immutable=True)
        for bundle in tiles.bundles_for_size(published.size):
            if not (self.root / bundle.path()).exists():
                data = stored.find_bundle(bundle)
                if data is None:
                    raise StorageError(f"the database holds no {bundle.path()} for the published size")
                written += self._write(bundle.path(), data, immutable=True)
        if self.read_checkpoint() != published.note:
            self.write_checkpoint(published.note)
            written += 1
        return written
