"""``python -m sakhalin``: print the embedded battle as JSON."""

from __future__ import annotations

import json
import sys

import sakhalin


def main() -> int:
    """Write the embedded battle to standard output as JSON."""
    json.dump(sakhalin.to_dict(sakhalin.load()), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
