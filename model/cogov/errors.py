"""Errors that carry a message for the user, not a traceback."""

from __future__ import annotations


class InputError(ValueError):
    """A scenario file, experiment file, override or CLI argument that cannot be used.

    The message names what was wrong (file, key, value) and what is allowed. The CLI prints
    it as one line per problem and exits with status 2.
    """

    def __init__(self, problems: str | list[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))
