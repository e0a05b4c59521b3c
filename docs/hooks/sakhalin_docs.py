"""MkDocs hooks: render the reST bits of the docstrings, and insert the command's own output.

The docstrings use ``:class:`X```-style roles and ``.. versionadded::`` (Sphinx
conventions that read well in ``help()``); mkdocstrings prints them literally. A hook turns
a role into plain code and a ``versionadded`` line into a short note. Another replaces a
``<!-- sakhalin-output: ARGS -->`` line in a page with what ``sakhalin ARGS`` prints at build
time (help texts, the list of formats), so the command reference cannot go stale.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:class|func|meth|attr|data|mod|exc|obj):(<code>)")
_ADDED = re.compile(r"<p>\.\. versionadded:: ([0-9][0-9.a-z]*)</p>")
_CHANGED = re.compile(r"<p>\.\. versionchanged:: ([0-9][0-9.a-z]*)\s*(.*?)</p>", re.DOTALL)


def on_page_content(html: str, **kwargs: Any) -> str:
    """Rewrite the roles and version notes in a page's HTML."""
    html = _ROLE.sub(r"\1", html)
    html = _ADDED.sub(r'<p class="sakhalin-version"><em>Added in version \1.</em></p>', html)
    return _CHANGED.sub(r'<p class="sakhalin-version"><em>Changed in version \1:</em> \2</p>', html)


_COMMAND = re.compile(r"^<!-- sakhalin-output: (?P<args>[^>]*?) -->$", re.MULTILINE)


def _output(args: str) -> str:
    import contextlib
    import io
    import os
    import shlex

    from sakhalin._cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "88"
    try:
        with contextlib.redirect_stdout(out):
            code = main(shlex.split(args), stdout=out, stderr=err)
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved
    if code != 0:
        raise RuntimeError(f"sakhalin {args} exited {code}: {err.getvalue()}")
    return out.getvalue().rstrip("\n")


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Replace each ``<!-- sakhalin-output: ARGS -->`` line with what ``sakhalin ARGS`` prints now."""
    return _COMMAND.sub(
        lambda found: f"```text\n$ sakhalin {found['args']}\n{_output(found['args'])}\n```", markdown
    )
