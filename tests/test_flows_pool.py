"""The extraction pool: plain worker processes without Prefect, replaced when a worker dies."""

from __future__ import annotations

import os
import sys
from concurrent.futures.process import BrokenProcessPool

import pytest

from flows.pool import extraction_pool, run_in_pool


def _worker_facts() -> dict[str, object]:
    return {"pid": os.getpid(), "prefect": "prefect" in sys.modules, "spacy": "spacy" in sys.modules}


def _die() -> None:
    os._exit(3)


def test_flows_pool_workers_import_the_library_but_not_prefect() -> None:
    with extraction_pool(2) as key:
        facts = run_in_pool(key, _worker_facts)
    assert facts["pid"] != os.getpid()
    assert facts["spacy"] is True, "the worker is warmed up with spaCy's pipeline"
    assert facts["prefect"] is False, "a pool worker must not pay for importing Prefect"


def test_flows_pool_replaces_a_pool_whose_worker_died() -> None:
    with extraction_pool(1) as key:
        first = run_in_pool(key, _worker_facts)
        with pytest.raises(BrokenProcessPool):
            run_in_pool(key, _die)
        again = run_in_pool(key, _worker_facts)
    assert again["pid"] != first["pid"], "a new worker runs the next batch"


def test_flows_pool_key_is_only_valid_during_its_run() -> None:
    with extraction_pool(1) as key:
        pass
    with pytest.raises(RuntimeError, match="has ended"):
        run_in_pool(key, _worker_facts)
