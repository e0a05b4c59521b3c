"""The ``sakhalin`` command: a thin layer over the library; ``main(argv)`` returns the exit code."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Any

from sakhalin import __version__
from sakhalin._errors import SakhalinError
from sakhalin._limits import MAX_BYTES

__all__ = ["main", "run"]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class _UsageError(Exception):
    pass


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, measuring the terminal without importing shutil.

    argparse makes a formatter for every argument it adds, and the stock one imports shutil
    (and with it bz2 and lzma) for the terminal's width: a start-up cost of its own (see
    docs/performance.md). The width is found the way shutil.get_terminal_size finds it.
    A description or epilog is wrapped paragraph by paragraph; indented lines (the examples)
    are kept as they are written.
    """

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ):
        if width is None:
            width = _columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        blocks = []
        for block in text.split("\n\n"):
            if block.startswith(" ") or "\n " in block:
                blocks.append("\n".join(indent + line for line in block.splitlines()))
            else:
                blocks.append(super()._fill_text(block, width, indent))
        return "\n\n".join(blocks)


def _columns() -> int:
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        stdout = sys.__stdout__
        return 80 if stdout is None else os.get_terminal_size(stdout.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> Any:
        raise _UsageError(message)

    def _print_message(self, message: str, file: Any = None) -> None:
        # argparse's own ignores a failed write: --help > /dev/full would exit 0
        if message:
            (file or sys.stderr).write(message)

    def exit(self, status: int = 0, message: str | None = None) -> Any:
        # --help and --version end here: return their status instead of raising SystemExit.
        if message:
            sys.stderr.write(message)
        raise _Exit(status)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        # A misspelt command (or any other choice) names the nearest one.
        if action.choices is not None and value not in action.choices:
            choices = [str(choice) for choice in action.choices]
            from sakhalin._registry import nearest

            hint = nearest(str(value), choices)
            listed = ", ".join(choices)
            raise argparse.ArgumentError(action, f"invalid choice: {value!r}{hint}; choose from {listed}")
        super()._check_value(action, value)


def _size(text: str) -> int | None:
    """A --max-bytes value: a number of bytes, or "none" for no limit."""
    if text.strip().lower() == "none":
        return None
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"a number of bytes, or none; not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"a number of bytes, 0 or more; not {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sakhalin",
        description="Export a battle (by default the 1905 invasion of Sakhalin) to CSV, Excel, Markdown, "
        "wikitext or JSON; read battles back from those files, from wiki pages and from MediaWiki dumps.",
        epilog=_EXAMPLES + "\n\nEach command's own options: sakhalin COMMAND --help.",
    )
    parser.add_argument("--version", action="version", version=f"sakhalin {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    export = commands.add_parser(
        "export",
        help="write the battle (or every battle of a file) in a format",
        description="Write the embedded battle, or every battle of the file -i PATH, in a format: to "
        "standard output, or to the file -o PATH (replaced whole or not at all). A binary format "
        "(xlsx) needs -o or a redirection. FORMAT is a name or alias that sakhalin formats lists.",
        epilog="examples:\n"
        "  sakhalin export json                          the embedded battle as JSON\n"
        "  sakhalin export csv -o sakhalin.csv           the facts table, one row per fact\n"
        "  sakhalin export csv -O bom=true -o x.csv      the same, for Excel on Windows (a UTF-8 BOM)\n"
        "  sakhalin export xlsx -o sakhalin.xlsx         an Excel workbook\n"
        "  sakhalin export md -O heading_level=2         Markdown, with an exporter option\n"
        "  sakhalin export wiki -i battles.json          every battle of a file, as infoboxes",
    )
    export.add_argument("format", metavar="FORMAT", help="a format name or alias (see: sakhalin formats)")
    export.add_argument("-o", "--output", metavar="PATH", help="the file to write (default: standard output)")
    _exporter_options(export)
    _input_arguments(export)

    convert = commands.add_parser(
        "convert",
        help="convert files (or folders of them) into one output file",
        usage="%(prog)s [-h] [--from FORMAT] [--to FORMAT] [-I KEY=VALUE] [-O KEY=VALUE] [--strict] "
        "[--max-bytes N] [-q] IN... OUT",
        description="Read every battle of every input and write them all to one output, streamed. "
        "A folder gives each file in it whose extension a reader knows, sorted by name. "
        "A MediaWiki XML dump (.xml, .xml.bz2, .xml.gz) gives one battle per infobox of its "
        "articles; a page whose infobox cannot be read is named on standard error and skipped.",
        epilog="examples:\n"
        "  sakhalin convert one.json two.csv both.xlsx       two files into one workbook\n"
        "  sakhalin convert infoboxes/ battles.csv           every readable file of a folder\n"
        "  sakhalin convert -q --from wiki pages/ out.json   a folder of .txt pages, no progress bar\n"
        "  sakhalin convert -I jobs=4 dump.xml.bz2 out.csv   a MediaWiki dump, four processes",
    )
    convert.add_argument("paths", nargs="+", metavar="PATH", help="input files or folders, then the output")
    convert.add_argument(
        "--from", dest="from_format", metavar="FORMAT", help="the inputs' format (default: from their names)"
    )
    convert.add_argument(
        "--to", dest="to_format", metavar="FORMAT", help="the output's format (default: its name)"
    )
    convert.add_argument(
        "-I",
        "--input-option",
        dest="input_options",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="a reader option for every input, such as jobs=4 for a MediaWiki dump",
    )
    _exporter_options(convert)
    convert.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first page of a dump whose infobox cannot be read (default: skip it)",
    )
    _max_bytes(convert)
    convert.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    commands.add_parser(
        "formats",
        help="list the exporters and readers",
        description="List every exporter and reader, built-in or plugin: its name and aliases, the "
        "file name endings it answers to, what it does and the options it takes (-O for exporters, "
        "-I for readers); then any plugin that failed to load, and why.",
        epilog="examples:\n"
        "  sakhalin formats\n"
        "  sakhalin export csv -O table=people -o people.csv   an option that formats lists\n"
        "  sakhalin show -i page.txt -I max_depth=20           a reader option (-I)",
    )

    apply = commands.add_parser(
        "apply",
        help="update a wiki page's infoboxes from battles, changing only what changed",
        description="Read the battles of DATA (any file a reader knows) and write PAGE with each "
        "battle's {{Infobox military conflict}} updated in place: only the parameters whose values "
        "changed, in the infobox's own layout; the rest of the page stays byte for byte.",
        epilog="examples:\n"
        "  sakhalin apply battle.json page.wiki --diff         what would change, as a unified diff\n"
        "  sakhalin apply battle.json page.wiki -o page.wiki   the page updated in place\n"
        "  sakhalin apply edited.xlsx page.wiki > new.wiki     from a workbook, to standard output",
    )
    apply.add_argument("data", metavar="DATA", help="the battles: a .json, .csv, .xlsx or .wiki file")
    apply.add_argument("page", metavar="PAGE", help="the wiki page's wikitext")
    apply.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="the file to write, replaced atomically (default: standard output)",
    )
    apply.add_argument(
        "--diff", action="store_true", help="print a unified diff of the change; write nothing"
    )
    apply.add_argument(
        "--from", dest="from_format", metavar="FORMAT", help="DATA's format (default: from its name)"
    )
    _max_bytes(apply)

    show = commands.add_parser(
        "show",
        help="print a readable summary of the battle (or of every battle of a file)",
        description="Print a short summary of the embedded battle, or of every battle of the file "
        "-i PATH: its names, date, place and result, then each side's belligerents, commanders, "
        "units, strength and losses.",
        epilog="examples:\n"
        "  sakhalin show                                 the embedded battle\n"
        "  sakhalin show -i battles.json                 every battle of a file\n"
        "  sakhalin show -i page.txt --from wikitext     the infoboxes of a wiki page",
    )
    _input_arguments(show)
    return parser


_EXAMPLES = """\
examples:
  sakhalin show                           a readable summary of the embedded battle
  sakhalin export json                    the battle as JSON on standard output
  sakhalin export xlsx -o sakhalin.xlsx   an Excel workbook (or csv, md, wiki: see formats)
  sakhalin show -i battles.json           every battle of a file
  sakhalin convert infoboxes/ all.csv     files and folders of battles into one file
  sakhalin formats                        every format, with its aliases and options"""

_SHORT_HELP = f"""\
sakhalin {__version__}: a battle (by default the 1905 invasion of Sakhalin) as CSV, Excel,
Markdown, wikitext or JSON, and battles read back from those files and from wiki pages.

{_EXAMPLES}

Every command and option: sakhalin --help; one command's: sakhalin COMMAND --help.
"""


def _input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-i", "--input", metavar="PATH", help="read the battles of a file instead of the embedded one"
    )
    parser.add_argument(
        "--from", dest="from_format", metavar="FORMAT", help="the input's format (default: from its name)"
    )
    parser.add_argument(
        "-I",
        "--input-option",
        dest="input_options",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="a reader option, such as max_depth=20 for JSON",
    )
    _max_bytes(parser)


def _exporter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-O",
        "--option",
        dest="options",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="an exporter option",
    )


def _max_bytes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-bytes",
        type=_size,
        default=MAX_BYTES,
        metavar="N",
        help=f"refuse an input file larger than N bytes, or none for no limit (default: {MAX_BYTES})",
    )


def _battles(args: argparse.Namespace) -> list[Any]:
    """The embedded battle, or every battle of the file --input names (one at least)."""
    import sakhalin

    if args.input is None:
        if args.from_format is not None or args.input_options:
            raise _UsageError("--from and --input-option go with --input")
        return [sakhalin.load()]
    options: dict[str, object] = {}
    if args.input_options:
        from sakhalin._registry import parse_option
        from sakhalin.readers import READERS

        info = READERS.get(args.from_format) if args.from_format else READERS.for_path(args.input)
        options = dict(parse_option(info, text) for text in args.input_options)
    found = list(sakhalin.read(args.input, args.from_format, max_bytes=args.max_bytes, **options))
    if not found:
        raise sakhalin.ReadError(f"{args.input}: holds no battle")
    return found


def _export(args: argparse.Namespace, stdout: IO[str]) -> int:
    import sakhalin
    from sakhalin._registry import parse_option
    from sakhalin.exporters import EXPORTERS

    info = EXPORTERS.get(args.format)
    options = dict(parse_option(info, text) for text in args.options)
    to_file = args.output is not None and args.output != "-"
    _refuse_terminal(info, args.output if to_file else None, stdout)
    battle = _battles(args)
    if to_file:
        sakhalin.write(battle, args.output, info.name, **options)
        return EXIT_OK
    buffer: IO[bytes] | None = getattr(stdout, "buffer", None)
    if info.binary:
        if buffer is None:
            raise _UsageError(f"{info.name} is binary and this output takes only text: give -o PATH")
        data = sakhalin.export(battle, info.name, **options)
        assert isinstance(data, bytes)
        stdout.flush()
        buffer.write(data)
        buffer.flush()
        return EXIT_OK
    text = sakhalin.export(battle, info.name, **options)
    assert isinstance(text, str)
    _print(text, stdout)
    return EXIT_OK


def _convert_command(args: argparse.Namespace, stderr: IO[str]) -> int:
    from sakhalin._cli_convert import Progress, convert, input_files
    from sakhalin._registry import parse_option
    from sakhalin.exporters import EXPORTERS

    if len(args.paths) < 2:
        raise _UsageError("convert takes one or more inputs and then the output: IN... OUT")
    *inputs, output = args.paths
    if output == "-" or os.path.isdir(output):
        raise _UsageError(f"the output {output!r} must be a file name (the last path is the output)")
    info = EXPORTERS.get(args.to_format) if args.to_format is not None else EXPORTERS.for_path(output)
    options = dict(parse_option(info, text) for text in args.options)
    _refuse_terminal(info, output, None)
    files = input_files(inputs, args.from_format)
    readers = [(path, reader_info, reader_options(reader_info, args)) for path, reader_info in files]
    isatty = getattr(stderr, "isatty", None)
    progress = Progress(stderr, len(files), enabled=not args.quiet and isatty is not None and isatty())
    with reports_to(stderr, progress):
        convert(readers, output, info, options, progress=progress, max_bytes=args.max_bytes)
    return EXIT_OK


def _refuse_terminal(info: Any, path: str | None, stdout: IO[str] | None) -> None:
    """Refuse to write a binary format to a terminal: standard output, or a path naming one.

    Like ``gzip``, the command never sends bytes meant for a file to a terminal, where they
    would show as garbage and could drive it (escape sequences); a pipe, a file or a device
    such as ``/dev/null`` takes them. ``-o /dev/stdout``, ``-o /dev/tty`` and
    ``-o /dev/pts/N`` name a terminal as surely as no ``-o`` does.
    """
    if not info.binary:
        return
    if path is None:
        terminal = stdout is not None and stdout.isatty()
        where = "standard output is a terminal"
    else:
        terminal = _names_a_terminal(path)
        where = f"{path} is a terminal"
    if terminal:
        raise _UsageError(
            f"{info.name} is binary and {where}: give -o PATH, or redirect standard output to a file"
        )


def _names_a_terminal(path: str) -> bool:
    """Whether the path names a terminal (it is opened, not written, to ask: never a file)."""
    import stat

    try:
        if not stat.S_ISCHR(os.stat(path).st_mode):
            return False
        # O_NOCTTY: opening a terminal must not make it this process's controlling terminal;
        # O_NONBLOCK: a serial line must not wait for its carrier.
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        return False  # missing or not writable: the write itself says so
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


def reader_options(info: Any, args: argparse.Namespace) -> dict[str, object]:
    """The ``-I`` options (and ``--strict``) for one input's reader."""
    from sakhalin._registry import options_of, parse_option

    options = dict(parse_option(info, text) for text in args.input_options)
    if args.strict and "strict" in options_of(info.cls):
        options["strict"] = True
    return options


@contextlib.contextmanager
def reports_to(stderr: IO[str], progress: Any) -> Any:
    """Lines the readers log (pages of a dump refused, its summary) go to standard error."""
    import logging

    class Handler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            progress.clear()
            label = "warning: " if record.levelno >= logging.WARNING else ""
            stderr.write(f"sakhalin: {label}{_one_line(record.getMessage())}\n")
            stderr.flush()

    logger = logging.getLogger("sakhalin")
    handler = Handler(logging.INFO)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _apply(args: argparse.Namespace, stdout: IO[str]) -> int:
    import sakhalin
    from sakhalin._api import check_utf8, read_bytes, write_text

    if args.diff and args.output is not None:
        raise _UsageError("--diff writes nothing: give -o or --diff, not both")
    from pathlib import Path

    battles = list(sakhalin.read(args.data, args.from_format, max_bytes=args.max_bytes))
    data = read_bytes(Path(args.page), args.max_bytes)
    check_utf8(data, Path(args.page))
    page = data.decode("utf-8")
    try:
        text = sakhalin.apply(battles, page)
    except sakhalin.ReadError as exc:
        message = str(exc)
        raise sakhalin.ReadError(f"{args.page}: {message.removeprefix('page: ')}") from None
    if args.diff:
        import difflib

        text = "".join(
            difflib.unified_diff(
                page.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=args.page,
                tofile=f"{args.page} (applied)",
            )
        )
    elif args.output is not None and args.output != "-":
        write_text(args.output, text)
        return EXIT_OK
    _print(text, stdout)
    return EXIT_OK


def _print(text: str, stdout: IO[str]) -> None:
    """Text on standard output as UTF-8 with its own line endings, whatever the locale."""
    buffer: IO[bytes] | None = getattr(stdout, "buffer", None)
    if buffer is not None:
        stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        stdout.write(text)


def _formats(stdout: IO[str]) -> int:
    from sakhalin._registry import options_of
    from sakhalin.exporters import EXPORTERS
    from sakhalin.readers import READERS

    for title, registry in (("Exporters", EXPORTERS), ("Readers", READERS)):
        stdout.write(f"{title}:\n")
        for info in registry:
            aliases = f" ({', '.join(info.aliases)})" if info.aliases else ""
            origin = "" if info.origin == "built-in" else f" [from {info.origin}]"
            stdout.write(f"  {info.name}{aliases}  {' '.join(info.extensions)}{origin}\n")
            stdout.write(f"      {info.description}\n")
            options = options_of(info.cls)
            if options:
                listed = ", ".join(
                    f"{name}={p.default!r}" if p.default is not p.empty else name
                    for name, p in options.items()
                )
                stdout.write(f"      options: {listed}\n")
        for problem in registry.problems:
            stdout.write(f"  ! {problem}\n")
    return EXIT_OK


def _show(args: argparse.Namespace, stdout: IO[str]) -> int:
    from sakhalin._summary import battle_lines

    lines: list[str] = []
    for battle in _battles(args):  # all read first: a bad battle later on prints nothing
        lines.extend([*([""] if lines else []), *battle_lines(battle)])
    # The battle may come from an untrusted file: no control character (a terminal escape
    # sequence) or line break of its texts reaches the terminal as it is.
    stdout.write("\n".join(_printable(line) for line in lines) + "\n")
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None, *, stdout: IO[str] | None = None, stderr: IO[str] | None = None
) -> int:
    """Run the command line with these arguments; return the exit code.

    With no command, prints a short help with the commonest commands (the embedded battle
    as JSON is ``sakhalin export json``).
    Errors are one line on standard error starting ``sakhalin: error:``, never a traceback:
    exit code 2 for bad usage and bad input (an unknown format, a bad option, an input file
    that is missing, too large or malformed), 1 when the output cannot be written. A reader
    of standard output that goes away early (``sakhalin export csv | head -1``) is not an
    error: :func:`run` exits quietly.

    .. versionadded:: 0.1.0
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = _parser()
    try:
        with contextlib.redirect_stdout(out):
            args = parser.parse_args(argv)
        if args.command == "export":
            return _export(args, out)
        if args.command == "formats":
            return _formats(out)
        if args.command == "show":
            return _show(args, out)
        if args.command == "convert":
            return _convert_command(args, err)
        if args.command == "apply":
            return _apply(args, out)
        # No command: a short help with the commonest commands (the JSON is `export json`).
        out.write(_SHORT_HELP)
        return EXIT_OK
    except _Exit as exc:
        return exc.status
    except _UsageError as exc:
        err.write(f"sakhalin: error: {_one_line(str(exc))} (see: sakhalin --help)\n")
        return EXIT_USAGE
    except SakhalinError as exc:
        err.write(f"sakhalin: error: {_one_line(str(exc))}\n")
        return EXIT_USAGE
    except UnicodeEncodeError as exc:
        # Only a lone surrogate (which the model does not refuse) cannot be UTF-8.
        char = exc.object[exc.start : exc.start + 1] if isinstance(exc.object, str) else ""
        what = f"U+{ord(char):04X}" if char else "a character"
        err.write(f"sakhalin: error: the battle holds {what}, a lone surrogate, which UTF-8 cannot encode\n")
        return EXIT_USAGE
    except BrokenPipeError:
        raise  # the reader went away: run() ends quietly
    except OSError as exc:
        where = f"cannot write {exc.filename}: " if exc.filename else ""
        err.write(f"sakhalin: error: {where}{_one_line(exc.strerror or str(exc))}\n")
        return EXIT_FAILURE


def _one_line(text: str) -> str:
    return _printable(" ".join(text.split()))


def _printable(text: str) -> str:
    """The text with every control, format and line-breaking character escaped; spaces stay."""
    if text.isprintable():
        return text
    import unicodedata

    return "".join(
        c
        if c.isprintable() or unicodedata.category(c) == "Zs"
        else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


class _Stopped(BaseException):
    """SIGTERM or SIGHUP, raised where the program is, so that it unwinds as Ctrl-C does.

    Every ``finally`` and ``except BaseException`` on the way runs: the temporary file of an
    output being written is removed (the file it would have replaced stays as it was), a
    dump's worker processes are shut down, a progress bar ends its line.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`_Stopped` (SIGINT is already KeyboardInterrupt).

    A signal the program was started ignoring (``nohup`` ignores SIGHUP) stays ignored. Once
    one has arrived, both are ignored, so that a second cannot cut the clean-up short. On the
    way out the defaults come back: a signal after the run ends the process as it would have.
    """
    import signal

    wanted = [
        number
        for number in (getattr(signal, name, None) for name in ("SIGTERM", "SIGHUP"))
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN
    ]

    def stop(signum: int, frame: object) -> None:
        for number in wanted:
            signal.signal(number, signal.SIG_IGN)
        raise _Stopped(signum)

    for number in wanted:
        signal.signal(number, stop)
    try:
        yield
    finally:
        for number in wanted:
            signal.signal(number, signal.SIG_DFL)


def run() -> None:
    """The console script's entry point.

    SIGTERM and SIGHUP end the run as Ctrl-C does (no partial output, no traceback), with
    exit code 128 plus the signal's number (143 and 129), as a shell reports a program they
    killed; Ctrl-C exits with 130.
    """
    try:
        with _stop_on_signals():
            code = main()
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:  # what was printed could not be written (a full disk, /dev/full)
            sys.stderr.write(
                f"sakhalin: error: cannot write the output: {_one_line(exc.strerror or str(exc))}\n"
            )
            code = EXIT_FAILURE
    except BrokenPipeError:
        # The reader went away (``sakhalin export csv | head``): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    except KeyboardInterrupt:
        code = 130
    except _Stopped as stopped:
        code = 128 + stopped.signum
    raise SystemExit(code)
