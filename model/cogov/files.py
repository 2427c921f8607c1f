"""The project's data files (scenarios, experiments): where they are, and reading them.

The TOML files users edit live apart from the code, in the top-level ``scenarios/`` and
``experiments/`` folders of a checkout. An installed wheel carries the same files as
package data under ``cogov/data/``. :func:`data_dir` finds them in either place.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any, Literal

from cogov.errors import InputError

#: The folders of user-editable TOML files.
DataKind = Literal["scenarios", "experiments", "lessons"]
_PACKAGE = Path(__file__).resolve().parent


def data_dir(kind: DataKind) -> Path:
    """Return the folder of the shipped ``scenarios`` or ``experiments`` files.

    A checkout (or an editable install) reads them from the top-level folder of the same
    name, next to ``model/``; an installed wheel from ``cogov/data/<kind>``.
    """
    source = _PACKAGE.parents[1] / kind
    if (_PACKAGE.parent.name == "model") and source.is_dir():
        return source
    return _PACKAGE / "data" / kind


def list_data_files(kind: DataKind) -> list[tuple[str, str]]:
    """Return ``(name, first line of its description)`` of every shipped file of a kind.

    Reads the TOML files with ``tomllib`` alone (no pydantic, no engine), so listing the
    scenarios stays instant.
    """
    rows = []
    for path in sorted(data_dir(kind).glob("*.toml")):
        desc = str(read_toml(path, kind[:-1]).get("description", "")).strip().splitlines()
        rows.append((path.stem, desc[0] if desc else ""))
    return rows


#: Largest scenario or experiment file read, in bytes (the shipped ones are a few kB).
MAX_FILE_BYTES = 1_000_000


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """Read a TOML file; a missing, unreadable, too large or malformed file is an InputError.

    Malformed covers text that is not UTF-8 and tables or arrays nested too deep for the
    parser, so that no file can end in a traceback.

    Args:
        path: the file.
        what: what the file is ("scenario", "experiment"), for the message.
    """
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{what} file not found: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder; allowed: a {what} .toml file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            f"{path}: the {what} file is larger than {MAX_FILE_BYTES:,} bytes; allowed: a "
            "smaller file (a scenario or experiment needs a few kB)"
        )
    return parse_toml(data, str(path))


def parse_toml(data: bytes | str, source: str) -> dict[str, Any]:
    """Parse TOML text; anything but a valid UTF-8 TOML document becomes an InputError."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source}: not UTF-8 text (byte {exc.start}); allowed: a TOML file saved as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{source}: not valid TOML: {exc}") from None
    except RecursionError:
        raise InputError(
            f"{source}: tables or arrays nested too deep to read; allowed: a few levels"
        ) from None


def resolve_name_or_path(
    name_or_path: str | Path, folder: Path, names: list[str], what: str
) -> Path:
    """Turn a shipped file's name (``folder/NAME.toml``) or a path into an existing file.

    Args:
        name_or_path: a name such as ``"baseline"`` or a path to a ``.toml`` file.
        folder: where the shipped files are.
        names: the shipped names, for the message when nothing matches.
        what: what the file is ("scenario", "experiment"), for the message.

    Raises:
        InputError: naming what was asked, the closest name and every name that exists.
    """
    text = str(name_or_path)
    if not text or "\x00" in text or len(text) > 4096:
        shown = text if len(text) <= 80 else text[:77] + "..."
        raise InputError(
            f"{what} {shown!r} cannot be a name or a path; allowed: a {what} name "
            f"({', '.join(sorted(names))}) or a path to a .toml file"
        )
    candidate = Path(text).expanduser()
    try:
        if candidate.suffix == ".toml" or "/" in text or candidate.exists():
            if candidate.is_file():
                return candidate.resolve()
            if candidate.is_dir():
                raise InputError(f"{text}: is a folder; allowed: a {what} .toml file")
            raise InputError(f"{what} file not found: {text}")
        shipped = folder / f"{text}.toml"
        if shipped.is_file():
            return shipped
    except OSError as exc:  # a name too long for the file system, and the like
        raise InputError(f"{what} '{text[:80]}': {exc.strerror}") from None
    close = difflib.get_close_matches(text, names, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise InputError(
        f"unknown {what} '{text}'{hint}; known {what}s: {', '.join(sorted(names))}; "
        "or give a path to a .toml file"
    )
