"""A newer dump of the same wiki under a new file name replaces the older one page by page.

Wikimedia names its dumps ``<db>-<YYYYMMDD>-<kind>`` (``enwiki-20261201-pages-articles-multistream.xml.bz2``),
so next month's dump has a new name. Two dumps belong to one *series* when their names are the same but for the
date (``latest`` counts as a date: the date of the file such a symlink points at), they lie in the same folder of
the raw folder, and their ``<siteinfo>`` names the same wiki (``dbname``, else ``sitename``; read from the
header stream only). In a series:

- **the newest dump wins**: only it is read; the older ones present in the raw folder are skipped (listed in the
  change log's ``skipped``, and a warning names the dump read instead). On the same date, the dump the output
  already knows wins, else the first in sorted order.
- **a refresh**: when the dump that wins is not yet in the output's state but another dump of its series is (and
  is no longer read), that dump's state is carried over to the new name before planning: its documents
  ``old#page_id`` become ``new#page_id`` with their record ids and fingerprints. The plan then compares the new
  dump page by page, as for a dump changed in place: pages whose revision and text are unchanged keep their
  records without being parsed, changed pages are extracted again (keeping their record ids), removed pages lose
  their records and new pages are added. The change log says so in ``dump_refresh``.

A dump whose name holds no date (``minidump.xml.bz2``) is in no series: keep such a name stable (a symlink) to
have it compared page by page. Pure Python apart from reading dump headers; writes nothing.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from flows.plan import Scan
from pipeline.errors import WikirecordsError
from pipeline.sources.multistream import dump_date, is_multistream_index, read_siteinfo

_SERIES = re.compile(r"^(?P<db>[^-/]+)-(?P<date>\d{8}|latest)-(?P<rest>.+\.(?:xml|bz2))$")


@dataclass(frozen=True)
class DumpName:
    """What a dated dump file name says: its series (the path with the date left out) and the wiki's database."""

    series: str
    db: str


def dump_name(path: str) -> DumpName | None:
    """``a/enwiki-20261201-pages-articles.xml.bz2`` -> series ``a/enwiki-*-pages-articles.xml.bz2``, db ``enwiki``."""
    pure = PurePosixPath(path.replace("\\", "/"))
    m = _SERIES.match(pure.name)
    if not m or is_multistream_index(pure.name):
        return None
    series = str(pure.with_name(f"{m.group('db')}-*-{m.group('rest')}"))
    return DumpName(series, m.group("db"))


@dataclass(frozen=True)
class DumpIdentity:
    """Which wiki a dump is of (``dbname``, else ``sitename``) and its date (ISO), None when unknown."""

    site: str | None
    date: str | None

    def as_dict(self) -> dict[str, str | None]:
        """For the source's ``dump`` entry in the state and the manifest."""
        return {"site": self.site, "date": self.date}


def read_identity(raw: str | os.PathLike[str], path: str) -> DumpIdentity | None:
    """The site (from the header stream) and date (file name, or the file a symlink points at) of a dump.

    None when the file is no readable dump: the extraction task then reports why.
    """
    root = Path(raw)
    file = root if root.is_file() else root / path
    try:
        with open(file, "rb") as handle:
            site = read_siteinfo(path, handle)
    except (WikirecordsError, OSError):
        return None
    date = dump_date(path) or dump_date(os.fspath(file)) or dump_date(os.path.realpath(file))
    return DumpIdentity(site.dbname or site.sitename, date)


@dataclass(frozen=True)
class DumpRefresh:
    """The state of the dump ``old`` (no longer read) carried over to ``new``, a later dump of the same wiki."""

    old: str
    new: str
    site: str
    old_date: str | None
    new_date: str | None


@dataclass
class Refreshes:
    """What the series of the raw folder's dumps mean for a run."""

    superseded: dict[str, str] = field(default_factory=dict)
    """Older dumps present in the raw folder -> the newer dump of their series read instead."""
    refreshes: list[DumpRefresh] = field(default_factory=list)
    identities: dict[str, DumpIdentity] = field(default_factory=dict)
    """Site and date of every dump of a series that is read (kept in its source's ``dump`` entry)."""

    def sites(self) -> dict[str, dict[str, str | None]]:
        """Path -> ``{"site", "date"}`` of the dated dumps read (``Plan.dump_sites``)."""
        return {path: identity.as_dict() for path, identity in sorted(self.identities.items())}

    def warnings(self) -> list[str]:
        """One line per older dump left out, for the change log."""
        return [f"{old}: not read, an older dump of the same wiki than {new} (the newest dump of a wiki is read)"
                for old, new in sorted(self.superseded.items())]


def find_refreshes(raw: str | os.PathLike[str], present: list[str], old_sources: dict[str, Any]) -> Refreshes:
    """The older dumps to leave out and the dump refreshes of a run, from the raw folder's sources (``present``,
    the readable ones) and the output's state (``old_sources``: path -> source entry)."""
    result = Refreshes()
    groups: dict[tuple[str, str], list[tuple[str, DumpIdentity]]] = defaultdict(list)
    for path in present:
        name = dump_name(path)
        if name is None:
            continue
        identity = read_identity(raw, path)
        if identity is None or not identity.site:
            continue
        groups[(name.series, identity.site)].append((path, identity))
    read = set(present)
    for (series, site), members in sorted(groups.items()):
        # newest first; on the same date the dump the output knows, then sorted order
        members.sort(key=lambda m: (_negated(m[1].date), m[0] not in old_sources, m[0]))
        winner, identity = members[0]
        result.identities[winner] = identity
        for path, _ in members[1:]:
            result.superseded[path] = winner
            read.discard(path)
        if winner in old_sources:
            continue
        candidates = [(path, entry) for path, entry in old_sources.items()
                      if path not in read and _series(path) == series and _site(path, entry) == site]
        if not candidates:
            continue
        old, entry = max(candidates, key=lambda c: (_date(c[0], c[1]) or "", c[0]))
        result.refreshes.append(DumpRefresh(old, winner, site, _date(old, entry), identity.date))
    return result


def _negated(date: str | None) -> tuple[int, ...]:
    """A sort key that puts later ISO dates first and unknown dates last."""
    if not date:
        return (1,)
    return (0, *(-int(part) for part in date.split("-")))


def _series(path: str) -> str | None:
    name = dump_name(path)
    return name.series if name else None


def _site(path: str, entry: dict[str, Any]) -> str | None:
    """The site a known dump was of: as stored by the run that read it, else the database named in its file name
    (states written before sites were stored; Wikimedia's file names begin with the ``dbname``)."""
    stored = (entry.get("dump") or {}).get("site")
    if stored:
        return str(stored)
    name = dump_name(path)
    return name.db if name else None


def _date(path: str, entry: dict[str, Any]) -> str | None:
    return (entry.get("dump") or {}).get("date") or dump_date(path)


def carry_over(manifest: dict[str, Any], refreshes: list[DumpRefresh]) -> dict[str, Any]:
    """The manifest (in-memory shape, ``flows.manifest``) with each refreshed dump's source and documents renamed
    to the new dump (``old#page_id`` -> ``new#page_id``); record ids, fingerprints and statuses kept.

    The new dump's hash differs from the one stored, so the plan compares it page by page. Returns a new dict;
    the one given is not changed.
    """
    if not refreshes:
        return manifest
    sources = dict(manifest.get("sources", {}))
    docs = dict(manifest.get("documents", {}))
    for refresh in refreshes:
        entry = sources.pop(refresh.old, None)
        if entry is None:
            continue
        keys = []
        for key in entry.get("documents", []):
            new_key = rename_key(key, refresh)
            doc = docs.pop(key, None)
            if doc is not None:
                docs[new_key] = {**doc, "source": refresh.new}
            keys.append(new_key)
        # an entry of ``DocumentState.read_sources`` has no document list: its ``state_source`` (the older dump's
        # path) says where its documents are, and the plan renames their keys when it looks them up
        sources[refresh.new] = {**entry, "documents": sorted(keys)} if "documents" in entry else dict(entry)
    return {**manifest, "sources": sources, "documents": docs}


def apply_series(raw: str | os.PathLike[str], scan: Scan, old: dict[str, Any]
                 ) -> tuple[Scan, dict[str, Any], Refreshes]:
    """The run's sources without the older dumps of a series, and the state with refreshed dumps carried over."""
    series = find_refreshes(raw, [s.path for s in scan.sources if s.sha256 is not None], old.get("sources", {}))
    if not series.superseded and not series.refreshes:
        return scan, old, series
    kept = Scan([s for s in scan.sources if s.path not in series.superseded],
                sorted([*scan.skipped, *series.superseded]))
    return kept, carry_over(old, series.refreshes), series


def rename_key(key: str, refresh: DumpRefresh) -> str:
    """``old#page_id`` -> ``new#page_id`` (a key of another source is returned as it is)."""
    if key == refresh.old or key.startswith(refresh.old + "#"):
        return refresh.new + key[len(refresh.old):]
    return key


def refresh_log(refreshes: list[DumpRefresh], added: list[dict[str, Any]], updated: list[dict[str, Any]],
                removed: list[dict[str, Any]], unchanged: list[str]) -> list[dict[str, Any]]:
    """The change log's ``dump_refresh`` entries: from which dump to which, and what happened to their pages."""
    entries = []
    for refresh in refreshes:
        prefix = refresh.new + "#"

        def count(items: list[dict[str, Any]], prefix: str = prefix) -> int:
            return sum(1 for item in items if str(item.get("source", "")).startswith(prefix))

        entries.append({"from": refresh.old, "to": refresh.new, "site": refresh.site,
                        "from_date": refresh.old_date, "to_date": refresh.new_date,
                        "pages_unchanged": sum(1 for key in unchanged if key.startswith(prefix)),
                        "pages_updated": count(updated), "pages_added": count(added),
                        "pages_removed": count(removed)})
    return entries
