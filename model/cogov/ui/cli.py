"""``cogov app``: serve the trainers' app (``solara run cogov.ui.app``) on the loopback address.

The app is a module of the package, so this works from an installed wheel as from a checkout.
The server binds 127.0.0.1 unless ``--host`` asks otherwise (``$HOST`` is not read), caps the
residents one session may simulate (``--max-residents``, ``$COGOV_APP_MAX_RESIDENTS``) and
frees a session whose page has gone within ``--session-timeout`` (a closed tab at once).
"""

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

#: The app's module (in the package, so it ships in the wheel).
APP_MODULE = "cogov.ui.app"
#: Kept for callers that passed a file: the module is served instead.
APP_FILE = APP_MODULE
#: The address and port the server was told to bind (set for the app's process, so that a
#: page can build links for other machines: the role-play's join link).
APP_HOST_ENV, APP_PORT_ENV = "COGOV_APP_HOST", "COGOV_APP_PORT"
#: How long a session whose page disconnected (not closed) is kept before it is freed.
SESSION_TIMEOUT = "2m"


def solara_command(
    host: str, port: int, app_file: Path | str = APP_MODULE, production: bool = True
) -> list[str]:
    """The command line that serves the app (a module name or a file)."""
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


#: glibc's mmap threshold for the app server (1 MiB: see :func:`server_env`), and its variable.
MMAP_THRESHOLD_BYTES, MMAP_THRESHOLD_ENV = 1 << 20, "MALLOC_MMAP_THRESHOLD_"


def server_env(
    session_timeout: str = SESSION_TIMEOUT,
    max_residents: int | None = None,
    mmap_threshold: int | None = MMAP_THRESHOLD_BYTES,
) -> dict[str, str]:
    """The server's environment: no usage statistics, the session timeout, the resident cap.

    ``mmap_threshold`` None leaves glibc's own, rising threshold (for the memory benchmark).
    """
    from cogov.ui.controller import MAX_RESIDENTS_ENV

    env = {
        # A fixed threshold above which glibc's malloc maps a block of its own (and gives it
        # back when freed). Left to itself, glibc raises the threshold to the size of each
        # such block freed (up to 32 MiB), so later blocks of that size come from the heap,
        # and a server where sessions come and go keeps that heap fragmented. Measured
        # (benchmarks/README.md, "The native owner found"): 20 sessions opened and closed
        # grew the server by 3 to 9% without it, by 0.3 to 0.5% with it, and the engine
        # runs as fast. Only glibc reads it; a value already in the environment wins.
        **({} if mmap_threshold is None else {MMAP_THRESHOLD_ENV: str(mmap_threshold)}),
        **os.environ,
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
        "SOLARA_KERNEL_CULL_TIMEOUT": session_timeout,
        # No "made with Solara" banner in English on a Chinese page.
        "SOLARA_THEME_SHOW_BANNER": "False",
        "SOLARA_THEME_TITLE": "cogov",
    }
    if max_residents is not None:
        env[MAX_RESIDENTS_ENV] = str(max_residents)
    if mmap_threshold is None:
        env.pop(MMAP_THRESHOLD_ENV, None)
    return env


@contextmanager
def served_app(
    log: Path | None = None,
    timeout_s: float = 90.0,
    session_timeout: str = SESSION_TIMEOUT,
    max_residents: int | None = None,
    procs: list | None = None,
    mmap_threshold: int | None = MMAP_THRESHOLD_BYTES,
) -> Iterator[str]:
    """Serve the app (production mode) on a free loopback port; yield its URL; stop it.

    Args:
        log: file for the server's output (default: discarded).
        timeout_s: how long to wait for the first answer.
        session_timeout: how long a disconnected session is kept (Solara's cull timeout).
        max_residents: the per-session cap on residents (default: the app's).
        procs: if given, the server's ``Popen`` is appended (for tests that watch it).
        mmap_threshold: glibc's mmap threshold for the server (None: glibc's own).

    Raises:
        RuntimeError: if the server exits or does not answer in time.
    """
    import urllib.request  # here, not at the top: `cogov --help` imports this module

    port = free_port()
    env = {
        **server_env(session_timeout, max_residents, mmap_threshold),
        APP_HOST_ENV: "127.0.0.1",
    }
    env[APP_PORT_ENV] = str(port)
    out = open(log, "w") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    try:
        proc = subprocess.Popen(
            solara_command("127.0.0.1", port),
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    finally:
        if log is not None:
            out.close()
    if procs is not None:
        procs.append(proc)
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


def process_tree_stats(pid: int) -> tuple[int, int]:
    """(threads, resident kB) of a process and its children, from ``/proc`` (Linux)."""
    import re

    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except OSError:
            pass
    threads = rss = 0
    for p in pids:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        threads += int(re.search(r"Threads:\s+(\d+)", status).group(1))
        rss += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    return threads, rss


def settled_stats(pid: int, seconds: float = 20.0) -> tuple[int, int]:
    """A server's threads and memory once they stop changing (or after ``seconds``)."""
    last = process_tree_stats(pid)
    deadline = time.time() + seconds
    while time.time() < deadline:
        time.sleep(2)
        now = process_tree_stats(pid)
        if now == last:
            return now
        last = now
    return last


def prune_idle_workers(url: str) -> None:
    """Let a served app's worker-thread pool drop the threads it no longer needs.

    Starlette runs blocking work in AnyIO's worker threads, which stay after use and are
    let go only when the pool is next asked for one and they have been idle for 10 s
    (``anyio``'s ``WorkerThread.MAX_IDLE_TIME``). So a server that has just served many
    sessions keeps as many idle workers as were busy at once (measured: 12 threads after 4
    sessions playing at once, 7 after one request for a static file 25 s later) -- a pool's
    size, not a leak. Waits past the idle time, then asks for a static file.
    """
    import re
    import urllib.request

    time.sleep(11)
    html = urllib.request.urlopen(url, timeout=30).read().decode()
    asset = re.search(r'src="(/[^"]+\.js[^"]*)"', html)
    if asset:
        urllib.request.urlopen(url.rstrip("/") + asset.group(1), timeout=30).read()


def churn_sessions(browser, url: str, n: int, query: str, timeout_ms: int = 90_000) -> None:
    """Open ``n`` sessions of a served app one after another and close them as trainers do.

    Each page (a Playwright ``browser``'s) opens ``url?query``, presses Play and is closed
    while its run plays, once a week is shown; every fifth is reloaded first.
    """
    shown = (
        "() => { const m = document.querySelector('.cogov-week')?.innerText.match(/(\\d+)/);"
        " return m && parseInt(m[1]) >= 1; }"
    )
    for i in range(n):
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.set_default_timeout(timeout_ms)
        page.goto(f"{url}?{query}")
        page.wait_for_selector(".cogov-charts-img")
        page.click(".cogov-play")  # a play thread running when the tab goes
        page.wait_for_function(shown)
        if i % 5 == 4:
            page.reload()  # a reload, then a close
            page.wait_for_selector(".cogov-charts-img")
        page.close()


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
    app = getattr(args, "app_file", None) or APP_MODULE
    if not 1 <= args.port <= 65535:
        print(f"error: --port has value {args.port}; allowed: 1 to 65535", file=sys.stderr)
        return 2
    if args.max_residents is not None and args.max_residents < 1:
        print(
            f"error: --max-residents has value {args.max_residents}; allowed: a whole number >= 1",
            file=sys.stderr,
        )
        return 2
    cmd = solara_command(args.host, args.port, app, production=not args.dev)
    print(f"cogov app: serving on http://{args.host}:{args.port}/  (Ctrl+C to stop)", flush=True)
    # No usage statistics sent from a trainer's machine; sessions freed, sizes capped.
    env = server_env(args.session_timeout, args.max_residents)
    env.update({APP_HOST_ENV: str(args.host), APP_PORT_ENV: str(args.port)})
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
        "--max-residents",
        type=int,
        default=None,
        help="most residents one browser session may simulate (default 400000, or "
        "$COGOV_APP_MAX_RESIDENTS)",
    )
    p.add_argument(
        "--session-timeout",
        default=SESSION_TIMEOUT,
        help=f"free a disconnected session after this long (default {SESSION_TIMEOUT}; "
        "a closed tab is freed at once)",
    )
    p.add_argument(
        "--dev",
        action="store_true",
        help="development mode: reload on code changes, show tracebacks",
    )
    p.add_argument("--app-file", default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=run_app)
    return p
