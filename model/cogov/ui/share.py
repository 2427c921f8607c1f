"""Settings in the page's address: a copied link reopens the same scenario, seed and parameters.

The query string holds the scenario (``s``), seed, community size (``hh``), reference
(``ref``), every switch or slider that differs from the scenario's file (``set``, repeated,
``key=value``), the more-parameters box (``extra``), the language (``lang``) and projector
mode (``proj``). Reading a link is forgiving: what cannot be used is left at its default and
named in the returned problems (the settings themselves are checked by the model on reset).

A run whose mechanisms were switched while it ran is linked as it was: the settings of its
*start* and its switches (``sw``, repeated, ``week:mechanism:on`` or ``week:mechanism:off``,
the week the switch took effect), which the reopened run replays at the same weeks
(:meth:`cogov.ui.controller.LiveController.reset`). A reset starts a fresh run from the
settings as they are then (the switches made so far included, from week 1) and without a
schedule, and the address then links that run: in the session that made the switches and in
one opened from its link alike.

:func:`page_url` makes a page's full link for another machine in the room (the handout's
link to its run, the role-play's join link).
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from cogov.errors import InputError
from cogov.model import (
    Switch,
    check_switches,
    parse_switch,
    switch_text,
    switchable_mechanisms,
)
from cogov.scenario import parse_value
from cogov.ui.controller import (
    BASELINE,
    LiveSettings,
    default_settings,
    scenario_info,
    switch_key,
)

#: Longest query string read (a link is typed or pasted by a person).
MAX_QUERY = 4000


def value_text(value: Any) -> str:
    """A setting's value as a link's ``set=`` item and ``cogov run --set`` write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_query(
    settings: LiveSettings,
    lang: str = "zh",
    projector: bool = False,
    switches: Sequence[Switch] = (),
) -> str:
    """The query string (without ``?``) of ``settings``, and of a run's ``switches``.

    ``settings`` are the run's start (:attr:`~cogov.ui.controller.LiveController.start_settings`)
    and ``switches`` its ``(week, mechanism, on)`` (``schedule()``).
    """
    try:
        defaults = scenario_info(settings.scenario).values
    except InputError:
        defaults = {}
    pairs: list[tuple[str, str]] = [
        ("s", settings.scenario),
        ("seed", str(settings.seed)),
        ("hh", str(settings.households)),
    ]
    if settings.reference != BASELINE:
        pairs.append(("ref", settings.reference))
    for key, value in sorted(settings.values.items()):
        if defaults.get(key) != value:
            pairs.append(("set", f"{key}={value_text(value)}"))
    if settings.extra.strip():
        pairs.append(("extra", settings.extra))
    pairs.extend(("sw", switch_text(sw)) for sw in switches)
    pairs.append(("lang", lang))
    if projector:
        pairs.append(("proj", "1"))
    return urlencode(pairs)


def from_query(query: str | None) -> tuple[LiveSettings | None, dict[str, Any], list[str]]:
    """Settings, page options (``lang``, ``projector``) and problems read from a query string.

    The run's switches are ``options["switches"]``, ``(week, mechanism, on)`` by week (none
    when the link has none); those that cannot be replayed on the settings read
    (:func:`cogov.model.check_switches`) are left out and named in the problems. Returns
    ``(None, options, problems)`` when the query names no scenario.
    """
    options: dict[str, Any] = {}
    problems: list[str] = []
    if not query:
        return None, options, problems
    q = parse_qs(query[:MAX_QUERY], keep_blank_values=True)
    if q.get("lang", [""])[-1] in ("zh", "en"):
        options["lang"] = q["lang"][-1]
    if "proj" in q:
        options["projector"] = q["proj"][-1] == "1"
    name = q.get("s", [""])[-1]
    if not name:
        return None, options, problems
    try:
        settings = LiveSettings.for_scenario(name)
    except InputError as exc:
        return None, options, [*problems, *exc.problems]
    changes: dict[str, Any] = {}
    seed = q.get("seed", [""])[-1]
    if seed:
        try:
            changes["seed"] = int(seed)
        except ValueError:
            problems.append(f"seed has value {seed!r}; allowed: a whole number >= 0")
    hh = q.get("hh", [""])[-1]
    if hh:
        try:
            changes["households"] = int(hh)
        except ValueError:
            problems.append(f"households has value {hh!r}; allowed: a whole number")
    ref = q.get("ref", [""])[-1]
    if ref:
        try:
            scenario_info(ref)
            changes["reference"] = ref
        except InputError as exc:
            problems.extend(exc.problems)
    values = dict(settings.values)
    for item in q.get("set", []):
        key, sep, raw = item.partition("=")
        if not sep or key not in values:
            problems.append(f"set has value {item!r}; allowed: a switch or slider key=value")
            continue
        values[key] = parse_value(raw)
    extra = q.get("extra", [""])[-1]
    from dataclasses import replace

    on_at_start = [n for n in switchable_mechanisms() if values.get(switch_key(n)) is True]
    switches, bad = _switches(q.get("sw", []), on_at_start)
    problems.extend(bad)
    if switches:
        options["switches"] = switches
    return replace(settings, values=values, extra=extra, **changes), options, problems


def _switches(items: list[str], on_at_start: list[str]) -> tuple[list[Switch], list[str]]:
    """The ``sw`` items of a link as switches a run can replay, and a problem per bad item."""
    problems: list[str] = []
    parsed: list[Switch] = []
    for item in items:
        switch = parse_switch(item)
        if switch is None:
            problems.append(
                f"sw has value {item!r}; allowed: week:mechanism:on or week:mechanism:off, "
                "with a week that is a whole number >= 1"
            )
            continue
        parsed.append(switch)
    kept, rejected = check_switches(parsed, on_at_start)
    problems.extend(f"sw has value '{switch_text(sw)}'; allowed: {why}" for sw, why in rejected)
    return kept, problems


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def lan_address() -> str | None:
    """This machine's address on its network (None if it has none but the loopback).

    A UDP socket "connected" to a documentation address (no packet is sent) shows which
    local address the system would use to reach the network.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            ip = s.getsockname()[0]
        if not _is_loopback(ip) and ip != "0.0.0.0":
            return ip
    except OSError:
        pass
    try:
        ip = socket.gethostbyname(socket.gethostname())
    except OSError:
        return None
    return None if _is_loopback(ip) else ip


def page_url(
    path: str,
    query: str,
    headers: dict[str, list[str]] | None,
    bound_host: str | None = None,
    bound_port: str | None = None,
    lan: Callable[[], str | None] = lan_address,
) -> tuple[str, bool]:
    """The full link of a page of this app (``path?query``), and whether only this machine opens it.

    The scheme, host and port are those the trainer's browser used (the request's
    ``Host``; a reverse proxy's ``X-Forwarded-Host``/``-Proto`` first). When that host is
    this machine's loopback (the trainer opened ``http://127.0.0.1:8765/``) but the server
    listens beyond it (``cogov app --host 0.0.0.0`` or an address), the link names the
    server's address on the network instead, so that it works on another machine in the room.

    Args:
        path: the page's path (``"/"``, ``"/roleplay"``).
        query: its query string, without ``?``.
        headers: the request's headers (lower-case names, lists of values), or None.
        bound_host: the address the server binds (default ``$COGOV_APP_HOST``).
        bound_port: its port (default ``$COGOV_APP_PORT``).
        lan: gives this machine's network address.
    """
    from cogov.ui.cli import APP_HOST_ENV, APP_PORT_ENV

    h = {k.lower(): v[0] for k, v in (headers or {}).items() if v}
    bound_host = bound_host if bound_host is not None else os.environ.get(APP_HOST_ENV)
    bound_port = bound_port if bound_port is not None else os.environ.get(APP_PORT_ENV)
    scheme = h.get("x-forwarded-proto", "").split(",")[0].strip()
    if not scheme and h.get("origin", "").startswith(("http://", "https://")):
        scheme = urlsplit(h["origin"]).scheme
    scheme = scheme if scheme in ("http", "https") else "http"
    netloc = (h.get("x-forwarded-host") or h.get("host") or "").split(",")[0].strip()
    try:
        parts = urlsplit(f"//{netloc}") if netloc else None
        host, port = (parts.hostname, parts.port) if parts else (None, None)
    except ValueError:  # a malformed Host header: fall back to what the server binds
        host, port = None, None
    wildcard = bound_host in ("0.0.0.0", "::", "")
    if host is None or (_is_loopback(host) and bound_host and not _is_loopback(bound_host)):
        if bound_host and not wildcard:
            host = bound_host
        else:
            host = (lan() if wildcard else None) or host or "127.0.0.1"
        port = port or (int(bound_port) if bound_port and bound_port.isdigit() else None)
    local_only = _is_loopback(host)
    shown = f"[{host}]" if ":" in host else host
    if port:
        shown += f":{port}"
    return f"{scheme}://{shown}{path}?{query}", local_only


__all__ = ["default_settings", "from_query", "lan_address", "page_url", "to_query"]
