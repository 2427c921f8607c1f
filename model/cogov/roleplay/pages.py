"""The role-play screens (plain Solara components), mounted at ``/roleplay`` of the app.

* ``/roleplay`` — the lobby: open a room (facilitator) or join one (trainee).
* ``/roleplay?room=CODE`` — the join link: pick a free role.
* ``/roleplay?room=CODE&f=TOKEN`` — the facilitator's screen (projector): map, charts
  (the all-model run faintly behind), event feed, who has decided, advance / pause / timer /
  inject, the debrief.
* ``/roleplay?room=CODE&t=TOKEN`` — a trainee's screen: their role's view only and the
  decision form.

Tokens live in the URL so that a reload keeps the seat; every action is checked on the
server (:class:`cogov.roleplay.room.Room`), whatever the page sends. Screens poll their
room once a second and redraw when it changed.
"""

from __future__ import annotations

import html
import threading
import weakref
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode

import solara
import solara.lab

from cogov.files import list_data_files
from cogov.roleplay.debrief import room_debrief
from cogov.roleplay.engine import GameConfig
from cogov.roleplay.levers import EVENT_NAMES, EVENTS
from cogov.roleplay.manager import default_manager
from cogov.roleplay.roles import (
    DECISIONS,
    NEED_NAMES,
    ROLE_NAMES,
    DecisionError,
    Role,
    field_meta,
)
from cogov.ui.share import lan_address, page_url

T = {
    "title": {"en": "Role-play", "zh": "角色扮演"},
    "open": {"en": "Open a room (facilitator)", "zh": "开设房间（主持人）"},
    "join": {"en": "Join a room (trainee)", "zh": "加入房间（学员）"},
    "scenario": {"en": "scenario", "zh": "情景"},
    "seed": {"en": "seed", "zh": "随机种子"},
    "round_weeks": {"en": "weeks per round", "zh": "每轮周数"},
    "rounds": {"en": "rounds", "zh": "轮数"},
    "create": {"en": "Create room", "zh": "创建房间"},
    "code": {"en": "room code", "zh": "房间码"},
    "name": {"en": "your name", "zh": "你的名字"},
    "role": {"en": "role", "zh": "角色"},
    "take": {"en": "Take this role", "zh": "担任此角色"},
    "round": {"en": "round {r} of {n}", "zh": "第 {r} / {n} 轮"},
    "over": {"en": "the game is over", "zh": "本局已结束"},
    "advance": {"en": "Close round and run it", "zh": "结束本轮并运行"},
    "pause": {"en": "Pause", "zh": "暂停"},
    "resume": {"en": "Resume", "zh": "继续"},
    "timer": {"en": "round timer (seconds, 0: none)", "zh": "每轮计时（秒，0 为不计时）"},
    "set_timer": {"en": "Set timer", "zh": "设定计时"},
    "inject": {"en": "Inject", "zh": "注入事件"},
    "event": {"en": "event", "zh": "事件"},
    "debrief": {"en": "Debrief", "zh": "复盘"},
    "decided": {"en": "decided", "zh": "已决定"},
    "waiting": {"en": "not yet", "zh": "未决定"},
    "model_plays": {"en": "model plays", "zh": "由模型扮演"},
    "feed": {"en": "What happened", "zh": "事件记录"},
    "send": {"en": "Send decision", "zh": "提交决定"},
    "sent": {"en": "Decision for round {r} received.", "zh": "第 {r} 轮的决定已收到。"},
    "empty_hint": {
        "en": "Leave a field empty to let the model's own rule decide.",
        "zh": "留空的项由模型按规则决定。",
    },
    "join_link": {"en": "join link", "zh": "加入链接"},
    "join_local_only": {
        "en": "this server listens on this machine only: for trainees on other devices, "
        "restart it with cogov app --host 0.0.0.0",
        "zh": "服务只监听本机：要让其他设备上的学员加入，请用 cogov app --host 0.0.0.0 重新启动",
    },
    "facilitator_link": {
        "en": "your facilitator link (keep it private)",
        "zh": "你的主持人链接（请勿外传）",
    },
    "language": {"en": "中文", "zh": "English"},
    "bad_number": {
        "en": "{field}: {value!r} is not a number",
        "zh": "{field}：{value!r} 不是数字",
    },
    "unexpected": {
        "en": "something went wrong on the server; the room's log is intact",
        "zh": "服务器出错；房间记录完好",
    },
    "reference": {
        "en": "faint lines: the same community with every role played by the model",
        "zh": "浅色线：同一社区、所有角色由模型扮演",
    },
    "your_view": {"en": "What you see", "zh": "你看到的情况"},
    "now": {"en": "now", "zh": "当前"},
    "open_status": {"en": "open", "zh": "进行中"},
    "paused_status": {"en": "paused", "zh": "已暂停"},
    "finished_status": {"en": "finished", "zh": "已结束"},
}


def t(key: str, lang: str, **kw: Any) -> str:
    """A label in the page's language."""
    text = T[key]["zh" if lang == "zh" else "en"]
    return text.format(**kw) if kw else text


def _msg(exc: Exception, lang: str) -> str:
    if isinstance(exc, DecisionError):
        return exc.message("zh" if lang == "zh" else "en")
    return t("unexpected", lang)


def _query() -> dict[str, str]:
    router = solara.use_router()
    q = parse_qs(router.search or "")
    return {k: v[0] for k, v in q.items() if v}


def join_url(
    code: str,
    headers: dict[str, list[str]] | None,
    bound_host: str | None = None,
    bound_port: str | None = None,
    lan: Callable[[], str | None] = lan_address,
) -> tuple[str, bool]:
    """The full join link of a room, and whether only this machine can open it.

    Built as :func:`cogov.ui.share.page_url` builds a page's link (the host the
    facilitator's browser used, or the server's network address when that was the
    loopback but the server listens beyond it).
    """
    return page_url("/roleplay", urlencode({"room": code}), headers, bound_host, bound_port, lan)


def use_room_version(room) -> int:
    """Re-render when the room changes (polled once a second; stops when the page closes)."""
    version, set_version = solara.use_state(room.version if room else 0)

    def start():
        if room is None:
            return None
        stop = threading.Event()

        def loop():
            last = room.version
            while not stop.wait(1.0):
                if room.version != last:
                    last = room.version
                    try:
                        set_version(last)
                    except Exception:  # the page is gone
                        return

        thread = threading.Thread(target=loop, daemon=True, name="roleplay-poll")
        thread.start()
        return stop.set

    solara.use_effect(start, [room])
    return version


@solara.component
def RolePlay():
    """The ``/roleplay`` route: lobby, join, facilitator or trainee screen from the URL."""
    q = _query()
    lang = solara.use_reactive(q.get("lang", "zh") if q.get("lang") in ("en", "zh") else "zh")
    lg = lang.value
    mgr = default_manager()
    solara.Title(t("title", lg))
    with solara.Column(style="padding:8px 16px", classes=["cogov-roleplay"]):
        with solara.Row(style="align-items:center;justify-content:space-between"):
            solara.HTML(tag="h2", unsafe_innerHTML=html.escape(t("title", lg)))
            solara.Button(
                t("language", lg),
                on_click=lambda: lang.set("en" if lg == "zh" else "zh"),
                outlined=True,
                classes=["rp-lang"],
            )
        code = q.get("room")
        if not code:
            Lobby(lg)
            return
        try:
            room = mgr.get(code)
        except DecisionError as exc:
            solara.Error(_msg(exc, lg))
            Lobby(lg)
            return
        if q.get("f"):
            FacilitatorScreen(room, q["f"], lg)
        elif q.get("t"):
            TraineeScreen(room, q["t"], lg)
        else:
            JoinForm(room.code, lg)


@solara.component
def Lobby(lang: str):
    """Open a room or join one."""
    router = solara.use_router()
    scenarios = solara.use_memo(lambda: [n for n, _ in list_data_files("scenarios")], [])
    scenario = solara.use_reactive("baseline")
    seed = solara.use_reactive("1")
    weeks = solara.use_reactive("4")
    rounds = solara.use_reactive("6")
    error = solara.use_reactive("")

    def create():
        try:
            numbers = int(seed.value), int(weeks.value), int(rounds.value)
        except (TypeError, ValueError):
            error.set(str_numbers(lang))
            return
        try:
            room, fac = default_manager().create(GameConfig(scenario.value, *numbers))
        except Exception as exc:
            error.set(_msg(exc, lang))
            return
        router.push(f"{router.path}?{urlencode({'room': room.code, 'f': fac, 'lang': lang})}")

    with solara.Row(style="flex-wrap:wrap;gap:24px"):
        with solara.Card(t("open", lang), style="min-width:320px", classes=["rp-open"]):
            solara.Select(t("scenario", lang), values=scenarios, value=scenario)
            solara.InputText(
                t("seed", lang), value=seed, continuous_update=True, classes=["rp-seed"]
            )
            solara.InputText(
                t("round_weeks", lang), value=weeks, continuous_update=True, classes=["rp-weeks"]
            )
            solara.InputText(
                t("rounds", lang), value=rounds, continuous_update=True, classes=["rp-rounds"]
            )
            solara.Button(
                t("create", lang), on_click=create, color="primary", classes=["rp-create"]
            )
            if error.value:
                solara.Error(error.value)
        with solara.Card(t("join", lang), style="min-width:320px"):
            JoinForm("", lang)


def str_numbers(lang: str) -> str:
    """The message for a room form with something that is not a whole number."""
    return (
        "种子、每轮周数和轮数须为整数"
        if lang == "zh"
        else "seed, weeks per round and rounds must be whole numbers"
    )


@solara.component
def JoinForm(code: str, lang: str):
    """Room code, name, a free role."""
    router = solara.use_router()
    room_code = solara.use_reactive(code)
    name = solara.use_reactive("")
    names = {ROLE_NAMES[r]["zh" if lang == "zh" else "en"]: r for r in Role}
    role = solara.use_reactive(next(iter(names)))
    error = solara.use_reactive("")
    mgr = default_manager()
    free = []
    try:
        free = mgr.get(room_code.value).free_roles() if room_code.value else list(Role)
    except DecisionError:
        free = list(Role)
    free_names = [n for n, r in names.items() if r in free] or list(names)
    if role.value not in free_names:
        role.set(free_names[0])

    def join():
        try:
            room = mgr.get(room_code.value)
            token = room.join(names[role.value], name.value)
        except Exception as exc:
            error.set(_msg(exc, lang))
            return
        router.push(f"{router.path}?{urlencode({'room': room.code, 't': token, 'lang': lang})}")

    with solara.Column(classes=["rp-join"]):
        solara.InputText(
            t("code", lang), value=room_code, continuous_update=True, classes=["rp-code"]
        )
        solara.InputText(t("name", lang), value=name, continuous_update=True, classes=["rp-name"])
        solara.Select(t("role", lang), values=free_names, value=role, classes=["rp-role"])
        solara.Button(t("take", lang), on_click=join, color="primary", classes=["rp-take"])
        if error.value:
            solara.Error(error.value)


@solara.component
def FacilitatorScreen(room, token: str, lang: str):
    """The projector: who has decided, controls, charts, map, feed, debrief."""
    version = use_room_version(room)
    error = solara.use_reactive("")
    show_debrief = solara.use_reactive(False)
    timer = solara.use_reactive(str(int(room.timer_s)))
    event = solara.use_reactive("epidemic")
    mgr = default_manager()
    if not room.is_facilitator(token):
        solara.Error(
            "此链接不是本房间的主持人链接"
            if lang == "zh"
            else "this is not the facilitator link of this room"
        )
        return

    def act(fn):
        def run():
            try:
                fn()
                error.set("")
            except Exception as exc:
                error.set(_msg(exc, lang))

        return run

    def advance():
        mgr.advance(room.code, token).result()

    with solara.Column(classes=["rp-facilitator"]):
        cfg = room.config
        status = (
            t("over", lang)
            if room.status == "finished"
            else t("round", lang, r=room.current_round, n=cfg.rounds)
        )
        solara.HTML(
            tag="div",
            unsafe_innerHTML=(
                f"<b>{t('code', lang)}: <span class='rp-room-code' style='font-size:1.6em'>"
                f"{html.escape(room.code)}</span></b> · {html.escape(cfg.scenario)} · "
                f"{t('seed', lang)} {cfg.seed} · "
                f"<span class='rp-status'>{html.escape(status)}</span> · "
                f"{html.escape(t(room.status + '_status', lang))}"
            ),
        )
        JoinLink(room.code, lang)
        decided = room.decided()
        seats = room.seats()
        rows = "".join(_seat_row(r, seats, decided[r], room.status, lang) for r in Role)
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"<table style='width:auto'>{rows}</table>",
            classes=["rp-seats"],
        )
        with solara.Row(style="flex-wrap:wrap;align-items:center"):
            solara.Button(
                t("advance", lang),
                on_click=act(advance),
                color="primary",
                disabled=room.status == "finished",
                classes=["rp-advance"],
            )
            if room.status == "paused":
                solara.Button(
                    t("resume", lang),
                    on_click=act(lambda: room.resume(token)),
                    classes=["rp-resume"],
                )
            else:
                solara.Button(
                    t("pause", lang), on_click=act(lambda: room.pause(token)), classes=["rp-pause"]
                )
            solara.InputText(
                t("timer", lang), value=timer, continuous_update=True, style="max-width:220px"
            )
            solara.Button(
                t("set_timer", lang),
                on_click=act(lambda: room.set_timer(token, _float(timer.value, "timer", lang))),
            )
            names = {EVENT_NAMES[k]["zh" if lang == "zh" else "en"]: k for k in EVENTS}
            solara.Select(
                t("event", lang),
                values=list(names),
                value=next(n for n, k in names.items() if k == event.value),
                on_value=lambda v: event.set(names[v]),
                classes=["rp-event"],
            )
            solara.Button(
                t("inject", lang),
                on_click=act(lambda: room.inject(token, event.value)),
                classes=["rp-inject"],
            )
            solara.Button(
                t("debrief", lang),
                on_click=lambda: show_debrief.set(True),
                classes=["rp-debrief-btn"],
            )
        if error.value:
            solara.Error(error.value, classes=["rp-error"])
        played = room.game.rounds_played
        if show_debrief.value and played:
            Debrief(room, lang, played)
        with solara.Row(style="flex-wrap:wrap;align-items:flex-start"):
            Charts(room, lang, played)
            Map(room, lang, played)
        solara.HTML(tag="b", unsafe_innerHTML=html.escape(t("feed", lang)))
        solara.HTML(
            tag="ul", unsafe_innerHTML=feed_html(room.event_feed(lang)), classes=["rp-feed"]
        )
        _ = version


@solara.component
def JoinLink(code: str, lang: str):
    """The room's full join link (scheme, host, port), large enough to read off a projector."""
    url, local_only = join_url(code, solara.lab.headers.value)
    link = html.escape(url, quote=True)
    hint = (
        "<div class='rp-join-hint' style='font-size:0.85em;color:#b26a00'>"
        + html.escape(t("join_local_only", lang)).replace(
            "cogov app --host 0.0.0.0", "<code>cogov app --host 0.0.0.0</code>"
        )
        + "</div>"
        if local_only
        else ""
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f"{html.escape(t('join_link', lang))}: <a class='rp-join-url' href='{link}' "
            f"target='_blank' style='font-family:monospace;font-size:1.35em;"
            f"user-select:all'>{link}</a>{hint}"
        ),
        classes=["rp-join-link"],
    )


def _seat_row(role: Role, seats: dict, decided: bool, status: str, lang: str) -> str:
    """One row of the who-has-decided table."""
    name = ROLE_NAMES[role]["zh" if lang == "zh" else "en"]
    who = seats.get(role) or ("—" if role in seats else t("model_plays", lang))
    state = "—" if status == "finished" else t("decided" if decided else "waiting", lang)
    return (
        f"<tr class='rp-seat-{role.value}'><td>{html.escape(name)}</td>"
        f"<td style='padding:0 24px'>{html.escape(who)}</td>"
        f"<td class='rp-decided'>{html.escape(state)}</td></tr>"
    )


def _float(text: str, field: str, lang: str) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        raise DecisionError(
            t("bad_number", "en", field=field, value=text),
            t("bad_number", "zh", field=field, value=text),
        ) from None


#: The facilitator's charts: what the roles' decisions move (from :data:`cogov.ui.charts.PANELS`).
ROLEPLAY_PANEL_KEYS = (
    "participation",
    "satisfaction",
    "backlog",
    "disputes",
    "property",
    "spending",
)


#: Events marked on the charts: those of the whole community (a compound's fee strike or
#: change of firm is in the feed; marked too, they would clutter the charts and redraw them
#: whole nearly every round).
CHART_EVENT_KINDS = frozenset(
    {"epidemic_start", "epidemic_end", "firm_exit_shock", "points_withdrawn", "budget_exhausted"}
)


class RoomViews:
    """What the facilitator's screen draws of a room, drawn once per round played.

    A room changes at every decision a trainee sends, but its charts, map and debrief change
    only when a round is run; they are kept here per round and language and shared by every
    render (and every facilitator tab) of the room. The charts' week axis spans the whole
    game from the start, so a round only redraws lines unless a count outgrows its axis.
    """

    def __init__(self, room):
        self.room = room
        self.lock = threading.Lock()  # one drawing at a time (figures are not thread-safe)
        self._charts: dict[str, Any] = {}
        self._maps: dict[str, Any] = {}
        self._done: dict[tuple, Any] = {}

    def _cached(self, key: tuple, make: Callable[[], Any]) -> Any:
        rnd = self.room.game.rounds_played
        with self.lock:
            full = (rnd, *key)
            if full not in self._done:
                value = make()
                self._done = {k: v for k, v in self._done.items() if k[0] == rnd}
                self._done[full] = value
            return self._done[full]

    def charts(self, lang: str) -> bytes | None:
        """The key charts (PNG), the all-model run faintly behind, the model's events marked."""

        def draw():
            from cogov.ui.charts import PANELS, LiveCharts

            room = self.room
            with room.lock:
                ts = room.timeseries()
                reference = room.reference_timeseries()
                tracker = room.game.tracker
                events = [
                    e for e in (tracker.events if tracker is not None else [])
                    if e.kind in CHART_EVENT_KINDS
                ]  # fmt: skip
            if lang not in self._charts:  # built (and drawn once) before the first round
                panels = [p for p in PANELS if p.key in ROLEPLAY_PANEL_KEYS]
                charts = LiveCharts(lang, panels=panels, ncols=3)
                charts.x_block = room.config.rounds * room.config.round_weeks
                self._charts[lang] = charts
            if not len(ts):
                return None
            return self._charts[lang].update(ts, reference, events)

        return self._cached(("charts", lang), draw)

    def map(self, lang: str) -> bytes:
        """The community map (PNG), coloured by participation."""

        def draw():
            from cogov.ui.mapview import MapView

            room = self.room
            with room.lock:
                if lang not in self._maps:
                    self._maps[lang] = MapView(room.game.model, "participation", lang)
                return self._maps[lang].update(room.game.model)

        return self._cached(("map", lang), draw)

    def debrief(self, lang: str) -> list[str]:
        """The debrief's paragraphs (redone when a round is run or a player's name changes)."""
        names = tuple(sorted(self.room.seats().items()))
        return self._cached(("debrief", lang, names), lambda: room_debrief(self.room).text(lang))


_VIEWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_VIEWS_LOCK = threading.Lock()


def room_views(room) -> RoomViews:
    """The drawings of a room (one set per room, shared by its screens)."""
    with _VIEWS_LOCK:
        views = _VIEWS.get(room)
        if views is None:
            views = _VIEWS[room] = RoomViews(room)
        return views


@solara.component
def Charts(room, lang: str, rounds_played: int):
    """The key charts; the all-model run of the same seed and events drawn faintly."""
    from cogov.ui.render import data_url

    png = solara.use_memo(lambda: room_views(room).charts(lang), [room, lang, rounds_played])
    with solara.Column(classes=["rp-charts"]):
        if png is None:
            solara.Text(t("round", lang, r=1, n=room.config.rounds))
            return
        solara.Text(t("reference", lang), style="font-size:0.8em;color:#666")
        solara.v.Html(
            tag="img", attributes={"src": data_url(png), "style": "width:100%;max-width:880px"}
        )


@solara.component
def Map(room, lang: str, rounds_played: int):
    """The community map, coloured by participation."""
    from cogov.ui.render import data_url

    png = solara.use_memo(lambda: room_views(room).map(lang), [room, lang, rounds_played])
    solara.v.Html(
        tag="img", class_="rp-map", attributes={"src": data_url(png), "style": "max-width:600px"}
    )


@solara.component
def Debrief(room, lang: str, rounds_played: int):
    """The played game against the all-model game, per role."""
    text = room_views(room).debrief(lang)
    with solara.Card(t("debrief", lang), classes=["rp-debrief"]):
        for para in text:
            solara.HTML(tag="p", unsafe_innerHTML=html.escape(para), style="margin:2px 0")


def feed_html(lines: list[str]) -> str:
    """The feed as list items, newest last."""
    return "".join(f"<li>{html.escape(line)}</li>" for line in lines)


@solara.component
def TraineeScreen(room, token: str, lang: str):
    """A trainee's own view and decision form."""
    version = use_room_version(room)
    role = room.role_of(token)
    if role is None:
        solara.Error(
            "此链接未绑定角色" if lang == "zh" else "this link is bound to no role in this room"
        )
        JoinForm(room.code, lang)
        return
    zh = lang == "zh"
    with solara.Column(classes=["rp-trainee", f"rp-role-{role.value}"]):
        status = (
            t("over", lang)
            if room.status == "finished"
            else t("round", lang, r=room.current_round, n=room.config.rounds)
        )
        solara.HTML(
            tag="h3",
            unsafe_innerHTML=html.escape(f"{ROLE_NAMES[role]['zh' if zh else 'en']} · {status}"),
            classes=["rp-trainee-status"],
        )
        with room.lock:
            view = room.role_view(role)
        rows = view_rows(view, lang)
        solara.HTML(tag="b", unsafe_innerHTML=html.escape(t("your_view", lang)))
        solara.HTML(
            tag="table", unsafe_innerHTML=rows, classes=["rp-view"], style="font-size:0.85em"
        )
        lines = room.event_feed(lang, role)
        if lines:
            solara.HTML(tag="b", unsafe_innerHTML=html.escape(t("feed", lang)))
            solara.HTML(tag="ul", unsafe_innerHTML=feed_html(lines), classes=["rp-role-feed"])
        if room.status != "finished":
            DecisionForm(room, token, role, lang, room.current_round).key(
                f"form-{role.value}-{room.current_round}"
            )
        _ = version


def _toggle(set_value, chosen: list[str], cat: str):
    """A checkbox's handler: add or remove one need category."""
    return lambda on: set_value(sorted({*chosen, cat}) if on else [c for c in chosen if c != cat])


#: Labels of what a role sees (keys of :meth:`cogov.roleplay.room.Room.role_view`).
VIEW_LABELS: dict[str, tuple[str, str]] = {
    "round": ("round", "轮次"),
    "rounds": ("rounds", "总轮数"),
    "week": ("week", "周"),
    "firms": ("your firms", "你的物业项目"),
    "compound": ("compound", "小区"),
    "effort": ("effort", "投入"),
    "quality": ("quality", "服务质量"),
    "staff": ("staff", "人员"),
    "collection_rate": ("fee collection", "收缴率"),
    "income_week": ("income a week (yuan)", "周收入（元）"),
    "cost_week": ("cost a week (yuan)", "周成本（元）"),
    "fee_yuan": ("fee (yuan/household/week)", "物业费（元/户/周）"),
    "fee_collection_rate": ("fee collection, last week", "上周收缴率"),
    "ocs": ("owners' committees", "业委会"),
    "functional": ("working", "正常运作"),
    "activeness": ("activity", "活跃度"),
    "conflict": ("conflict with the firm", "与物业的矛盾"),
    "disputes_open": ("disputes open", "未决纠纷"),
    "satisfaction_mean": ("residents' satisfaction", "居民满意度"),
    "share_time_on_needs": ("staff time on residents' needs", "用于居民需求的时间占比"),
    "budget_left_yuan": ("budget left (yuan)", "剩余经费（元）"),
    "backlog_open": ("needs open", "未办需求"),
    "trust_rc_mean": ("trust in the RC", "对居委会的信任"),
    "rc_hours_used_share": ("staff hours used", "工作时间使用率"),
    "unit": ("your unit", "你的单位"),
    "units": ("your units", "你的结对单位"),
    "community": ("community", "社区"),
    "number": ("unit", "单位"),
    "reported": ("reported to the community", "已报到"),
    "hours_per_week": ("hours a week sent", "每周派出时长"),
    "evaluation_strength": ("evaluation strictness", "考核严格程度"),
    "rc_asks_hours": ("the RC asks for (hours a week)", "社区请求（小时/周）"),
    "unit_hours_worked": ("units' hours worked last week", "上周结对单位服务时长"),
    "fee_strike": ("your compound is on a fee strike", "本小区正在拒交物业费"),
    "hidden_in_compound": ("needs not yet voiced in your compound", "本小区尚未表达的需求"),
}


def _lab(key: str, lang: str) -> str:
    en, zh = VIEW_LABELS.get(key, (key, key))
    return zh if lang == "zh" else en


def _short(v: Any, lang: str = "en") -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return ("是" if v else "否") if lang == "zh" else ("yes" if v else "no")
    if isinstance(v, float):
        return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}"
    if isinstance(v, list):
        return ", ".join(_short(x, lang) for x in v)
    return str(v)


def view_rows(view: dict[str, Any], lang: str) -> str:
    """What a role sees as table rows (a list of records as a table of its own)."""
    out = []
    for key, value in view.items():
        if isinstance(value, dict):
            value = [value]
        if isinstance(value, list) and value and isinstance(value[0], dict):
            pad = "style='padding:0 8px 0 0'"
            head = "".join(f"<th {pad}>{html.escape(_lab(k, lang))}</th>" for k in value[0])
            body = "".join(
                "<tr>"
                + "".join(f"<td {pad}>{html.escape(_short(x, lang))}</td>" for x in rec.values())
                + "</tr>"
                for rec in value
            )  # fmt: skip
            inner = f"<table class='rp-subtable'><tr>{head}</tr>{body}</table>"
            out.append(f"<tr><td>{html.escape(_lab(key, lang))}</td><td>{inner}</td></tr>")
        else:
            out.append(
                f"<tr><td>{html.escape(_lab(key, lang))}</td>"
                f"<td>{html.escape(_short(value, lang))}</td></tr>"
            )
    return "".join(out)


@solara.component
def DecisionForm(room, token: str, role: Role, lang: str, rnd: int):
    """The role's decision fields; empty means the model's rule."""
    model = DECISIONS[role]
    values = solara.use_reactive({})
    message = solara.use_reactive("")
    error = solara.use_reactive("")
    zh = lang == "zh"

    def setter(name):
        return lambda v: values.set({**values.value, name: v})

    def send():
        data: dict[str, Any] = {}
        try:
            for name, raw in values.value.items():
                info = model.model_fields[name]
                if raw in ("", None, False, []):
                    continue
                if name in ("leave_compounds", "replace_firm_compounds"):
                    data[name] = [
                        int(x) for x in str(raw).replace("，", ",").split(",") if x.strip()
                    ]
                elif name == "raise_needs" or info.annotation is bool:
                    data[name] = raw
                else:
                    data[name] = _float(raw, field_meta(model, name)["zh" if zh else "en"], lang)
            room.submit(token, data)
            error.set("")
            message.set(t("sent", lang, r=rnd))
        except ValueError as exc:
            message.set("")
            error.set(_msg(exc, lang) if isinstance(exc, DecisionError) else t("unexpected", lang))

    with room.lock:
        current = room.current_values(role)
    with solara.Card(classes=["rp-form"]):
        solara.Text(t("empty_hint", lang), style="font-size:0.85em;color:#666")
        for name, info in model.model_fields.items():
            meta = field_meta(model, name)
            lab = meta["zh" if zh else "en"]
            unit = meta.get("unit_zh" if zh else "unit_en")
            if unit:
                lab = f"{lab} ({unit})"
            if info.annotation is bool:
                with solara.Div(classes=[f"rp-field-{name}"]):
                    solara.Checkbox(
                        label=lab, value=bool(values.value.get(name, False)), on_value=setter(name)
                    )
            elif name == "raise_needs":
                chosen = list(values.value.get(name, []))
                with solara.Row(style="flex-wrap:wrap"):
                    solara.Text(lab)
                    for cat, nm in NEED_NAMES.items():
                        with solara.Div(classes=[f"rp-need-{cat}"]):
                            solara.Checkbox(
                                label=nm["zh" if zh else "en"],
                                value=cat in chosen,
                                on_value=_toggle(setter(name), chosen, cat),
                            )
            else:
                now = current.get(name)
                solara.InputText(
                    lab,
                    value=str(values.value.get(name, "")),
                    on_value=setter(name),
                    continuous_update=True,
                    message=(f"{t('now', lang)}: {_short(now, lang)}" if now is not None else None),
                    classes=[f"rp-field-{name}"],
                )
        solara.Button(t("send", lang), on_click=send, color="primary", classes=["rp-send"])
        if message.value:
            solara.Success(message.value, classes=["rp-sent"])
        if error.value:
            solara.Error(error.value, classes=["rp-error"])
