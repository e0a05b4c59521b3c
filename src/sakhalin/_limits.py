"""The limits on what sakhalin reads, in one place so that the documentation can name them."""

from __future__ import annotations

__all__ = ["MAX_BYTES", "MAX_DEPTH"]

MAX_BYTES = 50_000_000
"""The largest file ``sakhalin.read`` and ``sakhalin.load`` take unless told otherwise (50 MB).

Change it per call with ``max_bytes=`` (``None`` for no limit) or on the command line
with ``--max-bytes``.
"""

MAX_DEPTH = 64
"""How deeply JSON objects and arrays may nest by default; a battle needs about ten levels.

Change it per call with the JSON reader's option ``max_depth=``.
"""
