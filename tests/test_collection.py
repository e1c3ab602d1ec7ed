"""``pipeline.collection.fewer_collections`` and its use by ``extract_document``: the young-generation threshold
is raised during the call and put back after it, even when the call fails; a caller's own settings are kept."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

import pipeline.api as api
from pipeline.api import extract_text
from pipeline.collection import GEN0_THRESHOLD, fewer_collections
from pipeline.errors import SourceFormatError

TEXT = "= Title =\n\nIn 1990 the club was founded. It moved in 1995.\n"


@pytest.fixture(autouse=True)
def default_thresholds() -> Iterator[None]:
    before, enabled = gc.get_threshold(), gc.isenabled()
    gc.set_threshold(700, 10, 10)
    gc.enable()
    yield
    gc.set_threshold(*before)
    if not enabled:
        gc.disable()


def _seen_during_parse(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, int]]:
    seen: list[tuple[int, int, int]] = []
    parse = api.parse_document

    def recording(*args: object, **kwargs: object) -> object:
        seen.append(gc.get_threshold())
        return parse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "parse_document", recording)
    return seen


def test_raised_during_extraction_and_restored_after(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _seen_during_parse(monkeypatch)
    assert len(extract_text(TEXT, "a.txt")[0].events) == 2
    assert seen == [(GEN0_THRESHOLD, 10, 10)]
    assert gc.get_threshold() == (700, 10, 10)


def test_restored_when_extraction_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: object, **kwargs: object) -> object:
        assert gc.get_threshold()[0] == GEN0_THRESHOLD
        raise SourceFormatError("a.txt", "broken")

    monkeypatch.setattr(api, "parse_document", failing)
    with pytest.raises(SourceFormatError):
        extract_text(TEXT, "a.txt")
    assert gc.get_threshold() == (700, 10, 10)


@pytest.mark.parametrize("threshold", [(50_000, 5, 5), (0, 10, 10)])
def test_a_callers_higher_or_disabled_threshold_is_kept(monkeypatch: pytest.MonkeyPatch,
                                                        threshold: tuple[int, int, int]) -> None:
    gc.set_threshold(*threshold)
    seen = _seen_during_parse(monkeypatch)
    extract_text(TEXT, "a.txt")
    assert seen == [threshold] and gc.get_threshold() == threshold


def test_disabled_collection_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.disable()
    seen = _seen_during_parse(monkeypatch)
    extract_text(TEXT, "a.txt")
    assert seen == [(700, 10, 10)] and not gc.isenabled()


def test_nested_and_concurrent_blocks_restore_once_the_last_ends() -> None:
    inside = threading.Event()
    release = threading.Event()

    def worker() -> None:
        with fewer_collections():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=worker)
    thread.start()
    assert inside.wait(10)
    with fewer_collections(), fewer_collections():
        assert gc.get_threshold()[0] == GEN0_THRESHOLD
    assert gc.get_threshold()[0] == GEN0_THRESHOLD  # the thread's block still runs
    release.set()
    thread.join(10)
    assert gc.get_threshold() == (700, 10, 10)


def test_a_threshold_changed_inside_the_block_is_not_overwritten() -> None:
    with fewer_collections():
        gc.set_threshold(1234, 10, 10)
    assert gc.get_threshold() == (1234, 10, 10)
