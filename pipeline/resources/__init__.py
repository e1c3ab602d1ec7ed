"""Vocabulary and template knowledge as JSON data files, shipped as package data."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(name: str) -> Any:
    """The parsed JSON file ``pipeline/resources/<name>`` (e.g. ``"dates/templates.json"``), read once."""
    return json.loads(resources.files(__name__).joinpath(name).read_text("utf-8"))
