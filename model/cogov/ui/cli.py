"""``cogov app``: serve the trainers' app (``solara run app.py``) on the loopback address."""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: The app's entry file, at the repository root next to the package folder.
APP_FILE = Path(__file__).resolve().parents[3] / "app.py"


def solara_command(
    host: str, port: int, app_file: Path = APP_FILE, production: bool = True
) -> list[str]:
    """The command line that serves the app."""
    exe = shutil.which("solara", path=str(Path(sys.executable).parent)) or shutil.which("solara")
    base = [exe] if exe else [sys.executable, "-m", "solara"]
    cmd = [*base, "run", str(app_file), "--host", host, "--port", str(port)]
    if production:
        cmd.append("--production")
    return cmd


#: Debian's chromium, which the browser tests and the app benchmark drive with Playwright.
CHROMIUM = Path("/usr/bin/chromium")
#: Flags for headless Chromium on a machine with no display and a closed network.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served_app(log: Path | None = None, timeout_s: float = 90.0) -> Iterator[str]:
    """Serve the app (production mode) on a free loopback port; yield its URL; stop it.

    Args:
        log: file for the server's output (default: discarded).
        timeout_s: how long to wait for the first answer.

    Raises:
        RuntimeError: if the server exits or does not answer in time.
    """
    import urllib.request  # here, not at the top: `cogov --help` imports this module

    port = free_port()
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    out = open(log, "w") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    try:
        proc = subprocess.Popen(
            solara_command("127.0.0.1", port),
            cwd=APP_FILE.parent,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    finally:
        if log is not None:
            out.close()
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + timeout_s
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"the app did not start (server log: {log})") from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def run_app(args: argparse.Namespace) -> int:
    """Serve the app until interrupted; return the server's exit status."""
    import importlib.util

    if importlib.util.find_spec("solara") is None:
        print(
            "cogov: error: the app needs the 'app' extra (Solara), which is not installed; "
            "install it with: pip install 'cogov[app]'",
            file=sys.stderr,
        )
        return 2
    app_file = Path(args.app_file) if getattr(args, "app_file", None) else APP_FILE
    if not app_file.is_file():
        print(
            f"error: the app file {app_file} is missing (run from a source checkout)",
            file=sys.stderr,
        )
        return 2
    cmd = solara_command(args.host, args.port, app_file, production=not args.dev)
    print(f"cogov app: serving on http://{args.host}:{args.port}/  (Ctrl+C to stop)", flush=True)
    # No usage statistics sent from a trainer's machine.
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    if os.name == "posix":
        # Become the server, so that Ctrl+C and kill reach it directly (no orphan left).
        os.execve(cmd[0], cmd, env)
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 0


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``app`` subcommand to the CLI's subparsers (sets ``func``)."""
    p = subparsers.add_parser(
        "app",
        help="serve the trainers' browser app",
        description="Serve the trainers' browser app (Live, Compare, Explain) with Solara.",
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.add_argument(
        "--dev",
        action="store_true",
        help="development mode: reload on code changes, show tracebacks",
    )
    p.add_argument("--app-file", default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=run_app)
    return p
