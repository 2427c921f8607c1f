"""Errors that carry a message for the user, not a traceback.

Two kinds, told apart by the exit status of the ``cogov`` command:

* :class:`InputError` (status 2): what the user gave cannot be used (a file, a key, a
  value, an argument); the message names it and what is allowed.
* :class:`EnvironmentProblem` (status 1): the input is fine but the machine is not (a
  read-only or full disk, a folder that cannot be created); the message names the path and
  the system's reason, never a traceback.

Every message is cut to a readable size: a line to :data:`MAX_LINE` characters and a list of
problems to :data:`MAX_PROBLEMS` lines, so that a hostile file (a two-million-element array,
a 50 MB string) cannot produce a 10 MB message.
"""

from __future__ import annotations

import errno

#: Longest line of a message, in characters; longer lines are cut with "...".
MAX_LINE = 600
#: Most problems listed; the rest are counted.
MAX_PROBLEMS = 25


def shorten(text: str, limit: int = MAX_LINE) -> str:
    """Return ``text`` cut to ``limit`` characters (with ``...`` and the count cut)."""
    if len(text) <= limit:
        return text
    cut = len(text) - limit
    return f"{text[:limit]}... ({cut:,} more characters)"


def _problems(problems: str | list[str]) -> list[str]:
    lines = [problems] if isinstance(problems, str) else list(problems)
    lines = [shorten(str(line)) for line in lines]
    if len(lines) > MAX_PROBLEMS:
        more = len(lines) - MAX_PROBLEMS
        lines = [*lines[:MAX_PROBLEMS], f"... and {more} more problem(s)"]
    return lines


class InputError(ValueError):
    """A scenario file, experiment file, override or CLI argument that cannot be used.

    The message names what was wrong (file, key, value) and what is allowed. The CLI prints
    it as one line per problem and exits with status 2.
    """

    def __init__(self, problems: str | list[str]):
        self.problems = _problems(problems)
        super().__init__("\n".join(self.problems))


class EnvironmentProblem(RuntimeError):
    """The machine cannot do what valid input asks: a read-only or full disk, and the like.

    The CLI prints one line per problem and exits with status 1.
    """

    def __init__(self, problems: str | list[str]):
        self.problems = _problems(problems)
        super().__init__("\n".join(self.problems))


#: Reasons worth a hint, by errno.
_HINTS = {
    errno.ENOSPC: "the disk is full: free some space or choose another --out folder",
    errno.EDQUOT: "the disk quota is used up: free some space or choose another --out folder",
    errno.EROFS: "the file system is read-only: choose another --out folder",
    errno.EACCES: "no permission: choose a folder you may write to",
    errno.EPERM: "not permitted: choose a folder you may write to",
}


def describe_os_error(exc: OSError, doing: str = "") -> str:
    """Return one line for an operating-system error: what was done, the path, the reason.

    Args:
        exc: the error.
        doing: what was being done ("writing the results"), for the message.
    """
    reason = exc.strerror or exc.__class__.__name__
    where = f" {exc.filename}" if exc.filename else ""
    hint = _HINTS.get(exc.errno or 0)
    head = f"{doing}:" if doing else "cannot complete:"
    return f"{head}{where}: {reason}" + (f"; {hint}" if hint else "")
