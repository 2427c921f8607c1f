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


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """Read a TOML file; a missing, unreadable or malformed file becomes an InputError.

    Args:
        path: the file.
        what: what the file is ("scenario", "experiment"), for the message.
    """
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise InputError(f"{what} file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror}") from None


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
    candidate = Path(text).expanduser()
    if candidate.suffix == ".toml" or "/" in text or candidate.exists():
        if candidate.is_file():
            return candidate.resolve()
        raise InputError(f"{what} file not found: {text}")
    shipped = folder / f"{text}.toml"
    if shipped.is_file():
        return shipped
    close = difflib.get_close_matches(text, names, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise InputError(
        f"unknown {what} '{text}'{hint}; known {what}s: {', '.join(sorted(names))}; "
        "or give a path to a .toml file"
    )
