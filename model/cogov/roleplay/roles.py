"""The five roles of a role-play game and the decisions each can take in a round.

Every decision field is optional: a field left empty (``None``) means *the model's own rule
decides*, exactly as in a plain run, so a role nobody takes, or a trainee who decides
nothing, changes nothing (:mod:`cogov.roleplay.levers` touches no state for an empty
field). Bounds are checked on the server (pydantic): a crafted request with an
out-of-range value is refused with a message in the trainee's language
(:func:`validate_decision`), naming the field and what is allowed.

What each decision acts on in the model is in :mod:`cogov.roleplay.levers`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cogov.params import NEED_CATEGORIES

Lang = Literal["en", "zh"]


class Role(StrEnum):
    """A stakeholder a trainee can play."""

    FIRM = "firm"
    OC = "oc"
    RC = "rc"
    UNIT = "unit"
    RESIDENT = "resident"


#: Role names shown to trainees.
ROLE_NAMES: dict[Role, dict[str, str]] = {
    Role.FIRM: {"en": "property firm manager", "zh": "物业经理"},
    Role.OC: {"en": "owners' committee chair", "zh": "业委会主任"},
    Role.RC: {"en": "community party secretary / RC director", "zh": "社区书记/主任"},
    Role.UNIT: {"en": "paired unit's party branch secretary", "zh": "结对单位支部书记"},
    Role.RESIDENT: {"en": "resident representative", "zh": "居民代表"},
}

#: The order in which roles' decisions are applied at the start of a round (fixed, so a
#: replay applies them identically).
ROLE_ORDER: tuple[Role, ...] = (Role.FIRM, Role.OC, Role.RC, Role.UNIT, Role.RESIDENT)

NeedCategory = Literal[NEED_CATEGORIES]  # type: ignore[valid-type]

NEED_NAMES: dict[str, dict[str, str]] = {
    "repair": {"en": "repairs", "zh": "维修"},
    "elder_care": {"en": "elder care", "zh": "养老照护"},
    "environment": {"en": "environment", "zh": "环境卫生"},
    "safety": {"en": "safety", "zh": "安全"},
    "paperwork": {"en": "paperwork", "zh": "办事"},
    "micro_wish": {"en": "micro-wishes", "zh": "微心愿"},
}


def _f(default: Any = None, *, en: str, zh: str, unit_en: str = "", unit_zh: str = "", **kw):
    """A decision field with its labels in both languages."""
    extra = {"en": en, "zh": zh, "unit_en": unit_en, "unit_zh": unit_zh}
    return Field(default, json_schema_extra=extra, **kw)


class Decision(BaseModel):
    """Base of the decision forms: unknown fields and wrong types are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def changes(self) -> dict[str, Any]:
        """The fields the trainee set (the rest is left to the model's rule)."""
        return {k: v for k, v in self.model_dump().items() if v not in (None, [], False)}


class FirmDecision(Decision):
    """The property firm's manager (物业经理), for every firm serving a compound."""

    effort: float | None = _f(
        en="service effort held this round",
        zh="本轮服务投入",
        unit_en="0–1",
        unit_zh="0–1",
        ge=0.1,
        le=1.0,
    )
    staff_factor: float | None = _f(
        en="staff on site, relative to the standard staffing",
        zh="在岗人员（相对标准配置）",
        unit_en="× standard",
        unit_zh="倍",
        ge=0.5,
        le=1.5,
    )
    complaint_response: float | None = _f(
        en="staff time for residents' complaints and repair requests, relative to the "
        "standard (time beyond it is paid as extra hours)",
        zh="处理居民投诉与报修的人员时间（相对标准；超出部分按加班工资支付）",
        unit_en="× standard",
        unit_zh="倍",
        ge=0.5,
        le=3.0,
    )
    fee_yuan: float | None = _f(
        en="property fee",
        zh="物业费",
        unit_en="yuan per household a week",
        unit_zh="元/户/周",
        ge=15.0,
        le=40.0,
    )
    leave_compounds: list[int] = _f(
        [],
        en="leave these compounds",
        zh="退出这些小区",
        unit_en="compound numbers, from 1 as on the map",
        unit_zh="小区编号（从 1 起，与地图一致）",
        max_length=50,
    )


class OCDecision(Decision):
    """The owners' committee chair (业委会主任), for every working committee."""

    activeness: float | None = _f(
        en="owners' meetings and inspections (committee activity) this round",
        zh="本轮业主大会与巡查（业委会活跃度）",
        unit_en="0–1",
        unit_zh="0–1",
        ge=0.0,
        le=1.0,
    )
    collection_drive: float | None = _f(
        en="push fee collection this round: committee members' effort reminding households "
        "behind with their fees (their hours for other service fall)",
        zh="本轮业委会催缴物业费：委员上门催缴的投入（占用其志愿服务时间）",
        unit_en="0–1",
        unit_zh="0–1",
        ge=0.0,
        le=1.0,
    )
    replace_firm_compounds: list[int] = _f(
        [],
        en="vote out the firm of these compounds",
        zh="在这些小区解聘物业",
        unit_en="compound numbers, from 1 as on the map",
        unit_zh="小区编号（从 1 起，与地图一致）",
        max_length=50,
    )
    escalate_disputes: bool = _f(
        False,
        en="escalate open owner–firm disputes now (instead of mediation)",
        zh="立即上访升级未决的业主–物业纠纷（不再调解）",
    )


class RCDecision(Decision):
    """The community party secretary / RC director (社区书记/主任)."""

    share_time_on_needs: float | None = _f(
        en="share of staff time for residents' needs (the rest: tasks from above)",
        zh="用于居民需求的工作人员时间占比（其余：上级任务）",
        unit_en="0–1",
        unit_zh="0–1",
        ge=0.1,
        le=0.9,
    )
    yuan_per_point: float | None = _f(
        en="price of a point",
        zh="积分兑换价",
        unit_en="yuan per point",
        unit_zh="元/分",
        ge=0.0,
        le=5.0,
    )
    points_budget_yuan_per_year: float | None = _f(
        en="points budget",
        zh="积分预算",
        unit_en="yuan a year",
        unit_zh="元/年",
        ge=0.0,
        le=200000.0,
    )
    joint_meeting_interval_weeks: int | None = _f(
        en="joint meeting of the big party committee every",
        zh="大党委联席会议间隔",
        unit_en="weeks",
        unit_zh="周",
        ge=1,
        le=26,
    )
    ask_units_hours: float | None = _f(
        en="ask the paired unit for volunteer hours",
        zh="请结对单位派志愿时长",
        unit_en="hours a week",
        unit_zh="小时/周",
        ge=0.0,
        le=200.0,
    )


class UnitDecision(Decision):
    """The paired units' party branch secretary (结对单位支部书记), for every paired unit.

    As the firm's manager speaks for every firm and the OC chair for every working
    committee, the one seat speaks for every unit paired with the community: the hours are
    each unit's, and each unit evaluates its own members with the strictness chosen.
    """

    hours_per_week: float | None = _f(
        en="members' volunteer hours each unit sends to the community",
        zh="每个结对单位派往社区的党员志愿时长",
        unit_en="hours a week per unit",
        unit_zh="小时/周/单位",
        ge=0.0,
        le=200.0,
    )
    evaluation_strength: float | None = _f(
        en="how strictly members' community reports are evaluated",
        zh="对党员社区报到考核的严格程度",
        unit_en="0–1",
        unit_zh="0–1",
        ge=0.0,
        le=1.0,
    )


class ResidentDecision(Decision):
    """The resident representative (居民代表) of one compound."""

    raise_needs: list[NeedCategory] = _f(  # type: ignore[valid-type]
        [],
        en="raise these hidden needs of your compound with the RC",
        zh="向居委会反映本小区这些未表达的需求",
        max_length=len(NEED_CATEGORIES),
    )
    fee_strike: bool = _f(
        False,
        en="join a fee strike this round (your compound withholds its property fees)",
        zh="本轮参加拒交物业费",
    )


DECISIONS: dict[Role, type[Decision]] = {
    Role.FIRM: FirmDecision,
    Role.OC: OCDecision,
    Role.RC: RCDecision,
    Role.UNIT: UnitDecision,
    Role.RESIDENT: ResidentDecision,
}


class DecisionError(ValueError):
    """A decision that cannot be accepted; ``messages`` in English and Chinese."""

    def __init__(self, en: str, zh: str):
        self.messages = {"en": en, "zh": zh}
        super().__init__(en)

    def message(self, lang: Lang) -> str:
        """The message in the user's language."""
        return self.messages.get(lang, self.messages["en"])


def field_meta(model: type[Decision], name: str) -> dict[str, Any]:
    """Labels, unit and bounds of a decision field."""
    info = model.model_fields[name]
    meta = dict(info.json_schema_extra or {})
    for m in info.metadata:
        for bound in ("ge", "le", "max_length"):
            if hasattr(m, bound):
                meta[bound] = getattr(m, bound)
    return meta


def _allowed(model: type[Decision], name: str) -> tuple[str, str]:
    meta = field_meta(model, name)
    if "ge" in meta and "le" in meta:
        unit_en = f" {meta['unit_en']}" if meta.get("unit_en") else ""
        unit_zh = f" {meta['unit_zh']}" if meta.get("unit_zh") else ""
        return (
            f"allowed: {meta['ge']:g} to {meta['le']:g}{unit_en}",
            f"允许范围：{meta['ge']:g} 至 {meta['le']:g}{unit_zh}",
        )
    if name == "raise_needs":
        return (
            "allowed: any of " + ", ".join(NEED_CATEGORIES),
            "允许：" + "、".join(NEED_NAMES[c]["zh"] for c in NEED_CATEGORIES),
        )
    if meta.get("max_length"):
        return (
            f"allowed: a list of at most {meta['max_length']} whole numbers",
            f"允许：最多 {meta['max_length']} 个整数的列表",
        )
    return "allowed: yes or no", "允许：是或否"


def validate_decision(role: Role | str, data: dict[str, Any]) -> Decision:
    """Check a submitted decision for ``role``; return it typed.

    Raises:
        DecisionError: for an unknown role, an unknown field or a value out of its bounds,
            with a message in English and Chinese naming the field and what is allowed.
    """
    try:
        role = Role(role)
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise DecisionError(
            f"unknown role {role!r}; allowed: {names}", f"未知角色 {role!r}；允许：{names}"
        ) from None
    model = DECISIONS[role]
    if not isinstance(data, dict):
        raise DecisionError(
            "a decision must be a set of named fields", "决策必须是一组带名称的字段"
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        en, zh = [], []
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "?"
            if name not in model.model_fields:
                allowed = ", ".join(model.model_fields)
                en.append(f"{name!r} is not a decision of this role; allowed: {allowed}")
                zh.append(f"“{name}”不是该角色的决策项；允许：{allowed}")
                continue
            meta = field_meta(model, name)
            a_en, a_zh = _allowed(model, name)
            value = err.get("input")
            en.append(f"{meta['en']}: {value!r} was refused; {a_en}")
            zh.append(f"{meta['zh']}：{value!r} 不被接受；{a_zh}")
        raise DecisionError("; ".join(en), "；".join(zh)) from None
