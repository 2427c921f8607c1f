"""Provenance for result manifests: file hashes, package versions and the git commit."""

from __future__ import annotations

import hashlib
import subprocess
from importlib import metadata
from pathlib import Path

#: Packages whose versions are recorded in every manifest.
TRACKED_PACKAGES = ("cogov", "mesa", "numpy", "pandas", "scipy", "pyarrow", "pydantic")


def file_hash(*paths: Path | str) -> str:
    """Return the SHA-256 of the given files' bytes, in order, as hex."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def package_versions(names: tuple[str, ...] = TRACKED_PACKAGES) -> dict[str, str]:
    """Return the installed version of each named package ("not installed" if absent)."""
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_commit(where: Path | str | None = None) -> str | None:
    """Return the commit of the working tree the package runs from, with "+dirty" if modified.

    Returns None when the code does not run from a git checkout.
    """
    where = Path(where) if where is not None else Path(__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=where, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=where,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit + ("+dirty" if dirty else "")
