"""In-place migration of an output folder of layout 1 to layout 2 (``flows.store.LAYOUT_VERSION``).

Layout 1 (no ``"layout"`` in ``manifest.json``) kept every record in one folder, ``records/<id>.json``, and every
line in one ``records.jsonl``. Layout 2 shards both by a hash of the id: ``records/<abc>/<id>.json`` and
``records-<ab>.jsonl`` (see :mod:`flows.store`). The record files' bytes do not change.

Called by every run under the folder's lock, before it reads anything else. Steps, each one atomic and each one
harmless to redo, so that a run killed at any point (SIGKILL included) leaves a folder the next run migrates:

1. move each ``records/<id>.json`` into its shard folder (``os.replace``: the file is in one place or the other);
2. write the JSONL shards from the record files (a shard that already holds the right bytes is not rewritten);
3. remove ``records.jsonl``;
4. last, write ``"layout": 2`` into ``manifest.json``: until then the next run migrates again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from flows.errors import OutputStoreError
from flows.store import LAYOUT_VERSION, OutputStore, describe_os_error, fsync_dir, json_bytes


@dataclass(frozen=True)
class Migration:
    """What a migration did: record files moved, JSONL shards written, whether ``records.jsonl`` was removed."""

    moved: int
    shards_written: int
    removed_jsonl: bool


def needs_migration(store: OutputStore) -> bool:
    """True when the folder is not (or not yet completely) of the current layout.

    A manifest saying ``"layout": 2`` settles it without listing anything; otherwise any layout 1 file left
    (a record in ``records/`` itself, ``records.jsonl``) or an older manifest asks for a migration.
    """
    layout = store.manifest_layout()
    if layout == LAYOUT_VERSION:
        return False
    if layout is not None and layout > LAYOUT_VERSION:
        raise OutputStoreError(str(store.manifest_path), f"is of layout {layout}, newer than this wikirecords "
                               f"knows ({LAYOUT_VERSION}); upgrade wikirecords or use another output folder")
    return layout is not None or store.legacy_jsonl_path.exists() or bool(store.legacy_record_files())


def migrate_layout(store: OutputStore) -> Migration | None:
    """Migrate the folder in place when it needs it (call while holding its lock); None when it did not."""
    if not needs_migration(store):
        return None
    moved = 0
    folders = set()
    for path in store.legacy_record_files():
        target = store.record_path(path.stem)
        try:
            target.parent.mkdir(exist_ok=True)
            os.replace(path, target)
        except OSError as exc:
            raise OutputStoreError(str(path), describe_os_error(exc, "move a record into its shard folder")) from exc
        folders.add(target.parent)
        moved += 1
    for folder in sorted(folders):
        fsync_dir(folder)
    if moved:
        fsync_dir(store.records_dir)
        store.forget_listing()
    written = store.write_jsonl(store.stored_record_ids(), rebuild=True)
    try:
        store.legacy_jsonl_path.unlink()
        removed = True
    except FileNotFoundError:
        removed = False
    except OSError as exc:
        raise OutputStoreError(str(store.legacy_jsonl_path), describe_os_error(exc, "remove records.jsonl")) from exc
    if removed:
        fsync_dir(store.root)
    _mark_manifest(store)
    return Migration(moved, written, removed)


def _mark_manifest(store: OutputStore) -> None:
    """Write ``"layout": 2`` into the manifest, keeping the rest (a layout 1 manifest of either format)."""
    try:
        data = json.loads(store.manifest_path.read_bytes())
    except (FileNotFoundError, ValueError):
        return  # no usable manifest: the run's commit writes one, with the layout
    except OSError as exc:
        raise OutputStoreError(str(store.manifest_path), describe_os_error(exc, "read the manifest")) from exc
    if not isinstance(data, dict):
        return
    data["layout"] = LAYOUT_VERSION
    store.write_if_changed(store.manifest_path, json_bytes(data), "write the manifest")
