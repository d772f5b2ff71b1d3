"""The ``--max-memory`` option's type: a size such as ``2G``."""

from __future__ import annotations

import re
from typing import Any

import click

_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


class ByteSize(click.ParamType):
    """A size such as ``2G``, ``512MiB`` or ``1073741824``."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)(?:i?[bB])?\s*", str(value))
        if not m:
            self.fail(f"{value!r} is not a size (try 2G or 512M)", param, ctx)
        return int(float(m.group(1)) * _UNITS[m.group(2).lower()])
