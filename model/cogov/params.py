"""Typed, validated parameters of the model.

A scenario file maps onto :class:`Scenario`. Every section is a pydantic model that forbids
unknown keys, so a typo is an error rather than a silent default. Every parameter is made
with :func:`param`, which records, next to its bounds and description, its **unit** and a
one-line **source** with a machine-readable *source class* (see :data:`SOURCE_CLASSES`):

* ``seed``: the number comes from a passage of a field report in ``shared/sources/``
  (quoted exactly as in the file: :func:`from_seed`);
* ``study``: from a published study (:func:`from_study`);
* ``fitted``: fitted to a calibration target C1–C6 of MODEL.md section 6 (:func:`fitted_to`);
* ``assumption``: a modelling assumption, with what it rests on if anything
  (:func:`assumption`);
* ``structural``: a switch, a schedule or a definition, not a behavioural weight
  (:func:`structural`).

The unit and source are stored in the field's ``json_schema_extra`` (``unit``, ``source``,
``source_class``, and for seeds ``seed_file`` and ``seed_passage``), so the schema stays
the one place; :func:`parameter_table` returns them and ``docs/ODD.md`` lists them (a test
checks that the two agree, and that every numeric parameter has finite bounds). Values of a
nested table without their own (``population.elderly_share.old_compound``) take the unit and
source of the table.

Units: time in weeks (one step is one week), money in yuan, work in hours.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator
from pydantic_core import PydanticUndefined

#: The kinds of source a parameter can have, in the order reports list them.
SOURCE_CLASSES = ("seed", "study", "fitted", "assumption", "structural")
#: The field reports behind the model (``shared/sources/``; see its README).
XIAOCHANG = "xiaochang-county-survey.zh.txt"
SHANGHAI = "shanghai-grassroots-reform.zh.txt"
ESSAYS = "governance-efficacy-essays.zh.txt"
FAKU = "faku-county-party-building.zh.txt"
SEED_FILES = (XIAOCHANG, SHANGHAI, ESSAYS, FAKU)
#: Calibration targets of MODEL.md section 6.
TARGETS = ("C1", "C2", "C3", "C4", "C5", "C6")
#: The survey passages behind targets C1 and C3, quoted exactly as in the files.
C1_PASSAGE = (
    "55.27%的調(diào)查對(duì)象對(duì)發(fā)動(dòng)居民參與公共安全、"
    "公共衛(wèi)生、民主議事的意愿不強(qiáng)"
)
#: The Shanghai reform's floor of community work funds (target C6), quoted exactly.
BUDGET_FLOOR_PASSAGE = "社区工作经费每年不低于10万元"
#: The same reform's special fund for serving residents (beside the work funds), quoted exactly.
SERVICE_FUND_PASSAGE = "认真落实服务群众专项经费制度"
C3_PASSAGE = "超过76%居民参与社区公共设施的擦洗、文体娱乐活动、捐款捐物公益慈善类活动、治安巡逻等"


class Source(NamedTuple):
    """Where a parameter's value comes from: a source class and one line of text."""

    kind: str
    text: str
    seed_file: str = ""
    seed_passage: str = ""


def _quote(file: str, passage: str) -> str:
    if file not in SEED_FILES:
        raise ValueError(f"unknown seed file {file!r}; known: {SEED_FILES}")
    if not passage:
        raise ValueError(f"a passage of {file} is needed")
    return f'{file}: "{passage}"'


def from_seed(file: str, passage: str, note: str = "") -> Source:
    """A value taken from a field report: ``file`` and a ``passage`` quoted exactly."""
    text = _quote(file, passage) + (f" ({note})" if note else "")
    return Source("seed", text, file, passage)


def from_study(reference: str) -> Source:
    """A value taken from a published study (author year, what)."""
    return Source("study", reference)


def fitted_to(target: str, file: str = "", passage: str = "") -> Source:
    """A value fitted to a calibration target (C1–C6 of MODEL.md section 6).

    ``file`` and ``passage`` quote the field report the target comes from.
    """
    if target not in TARGETS:
        raise ValueError(f"unknown calibration target {target!r}; known: {TARGETS}")
    quote = f"; {_quote(file, passage)}" if file else ""
    return Source("fitted", f"fitted to {target}{quote}", file, passage)


def assumption(note: str = "", file: str = "", passage: str = "") -> Source:
    """A modelling assumption; ``note`` says what, if anything, it rests on.

    ``file`` and ``passage`` quote a field report that bears on it without giving the
    number.
    """
    text = "assumption" + (f": {note}" if note else "")
    if file:
        text += f"; {_quote(file, passage)}"
    return Source("assumption", text, file, passage)


def structural(note: str) -> Source:
    """A switch, a schedule or a definition rather than a behavioural weight."""
    return Source("structural", f"structural: {note}")


def param(
    default: Any = PydanticUndefined,
    *,
    unit: str,
    source: Source,
    description: str = "",
    **kwargs: Any,
) -> Any:
    """A ``pydantic.Field`` that also records the parameter's unit and source.

    Args:
        default: the default value (or give ``default_factory``).
        unit: the unit, e.g. ``"h/week"``, ``"share"``, ``"logit"``; never empty.
        source: where the value comes from (:func:`from_seed`, :func:`from_study`,
            :func:`fitted_to`, :func:`assumption`, :func:`structural`).
        description: one line saying what the parameter means.
        **kwargs: bounds (``ge``, ``gt``, ``le``, ``lt``), ``default_factory`` and any
            other ``Field`` argument; ``json_schema_extra`` entries are kept.

    Raises:
        ValueError: when the unit is empty or the source class unknown.
    """
    if not unit.strip():
        raise ValueError("every parameter needs a unit")
    if source.kind not in SOURCE_CLASSES or not source.text.strip():
        raise ValueError(f"unknown source class {source.kind!r}; known: {SOURCE_CLASSES}")
    extra = dict(kwargs.pop("json_schema_extra", None) or {})
    extra.update(unit=unit, source=source.text, source_class=source.kind)
    if source.seed_file:
        extra.update(seed_file=source.seed_file, seed_passage=source.seed_passage)
    return Field(default, description=description, json_schema_extra=extra, **kwargs)


Share = Annotated[float, Field(ge=0.0, le=1.0)]

#: Switches that turn a mechanism or a shock on.
SWITCH = structural("switch, set by the scenario")


class Section(BaseModel):
    """Base of every parameter section: unknown keys and wrong types are errors.

    Types are strict (``"yes"`` is not true, ``"1000"`` and ``2.0`` are not whole numbers;
    a whole number is accepted where a decimal is asked) and numbers must be finite (no
    ``nan`` or ``inf``), so that what a file says is exactly what runs.
    """

    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, strict=True, allow_inf_nan=False
    )


class ByCompoundType(Section):
    """A value for each kind of compound (小区); unit and source are those of the table."""

    commodity_estate: float = Field(description="commodity estate (商品房小区) with a firm")
    old_compound: float = Field(description="old 'three-no' compound (三无小区)")
    work_unit: float = Field(description="work-unit compound (单位小区)")


class ShareByCompoundType(ByCompoundType):
    """A share in [0, 1] for each kind of compound."""

    commodity_estate: Share
    old_compound: Share
    work_unit: Share


class HouseholdsByCompoundType(ByCompoundType):
    """A number of households for each kind of compound, from 1 to 20,000."""

    commodity_estate: float = Field(
        ge=1.0, le=20000.0, description="commodity estate (商品房小区) with a firm"
    )
    old_compound: float = Field(
        ge=1.0, le=20000.0, description="old 'three-no' compound (三无小区)"
    )
    work_unit: float = Field(ge=1.0, le=20000.0, description="work-unit compound (单位小区)")


class RunParams(Section):
    """How long to run and with which seed."""

    steps: int = param(
        260,
        ge=1,
        le=5200,
        unit="weeks",
        source=structural("run length, set by the user"),
        description="weeks to simulate [weeks]",
    )
    seed: int = param(
        20240601,
        ge=0,
        le=2**63 - 1,
        unit="seed",
        source=structural("master random seed, set by the user"),
        description="master seed",
    )


class StructureParams(Section):
    """Community → grids → compounds → buildings → households, and social ties."""

    communities: int = param(
        1,
        ge=1,
        le=50,
        unit="communities",
        source=structural("size of the run: one community, or a sub-district of several"),
        description="communities (社区) in the run",
    )
    households_per_community: int = param(
        3000,
        ge=50,
        le=20000,
        unit="households",
        source=assumption("a typical urban community, MODEL.md §8"),
        description="households per community [households]",
    )
    household_size: float = param(
        2.5,
        ge=1.0,
        le=5.0,
        unit="residents/household",
        source=assumption("near the 2020 census mean of 2.62 persons per family household"),
        description="mean residents per household",
    )
    max_household_size: int = param(
        6,
        ge=1,
        le=20,
        unit="residents/household",
        source=assumption("caps the Poisson draw of household size"),
        description="most residents in one household",
    )
    households_per_grid: int = param(
        400,
        ge=50,
        le=1000,
        unit="households",
        source=from_seed(
            ESSAYS, "城市社区网格按照300-500户或1000人左右为基本单元", "mid-range; C5"
        ),
        description="households per grid (网格); urban standard 300–500",
    )
    households_per_building: int = param(
        36,
        ge=4,
        le=300,
        unit="households",
        source=assumption("a six-storey walk-up of three entrances"),
        description="households per building (楼栋)",
    )
    compound_mix: ShareByCompoundType = param(
        default_factory=lambda: ShareByCompoundType(
            commodity_estate=0.5, old_compound=0.3, work_unit=0.2
        ),
        unit="share",
        source=assumption("a mixed community, MODEL.md §2"),
        description="share of households living in each kind of compound (sums to 1)",
    )
    compound_households: HouseholdsByCompoundType = param(
        default_factory=lambda: HouseholdsByCompoundType(
            commodity_estate=300, old_compound=150, work_unit=200
        ),
        unit="households",
        source=assumption(
            "no field size; small enough that a 3,000-household community holds 14 compounds "
            "(5 commodity estates, 6 old compounds, 3 work-unit compounds) and 7 firms, and the "
            "three kinds the survey names sit side by side",
            XIAOCHANG,
            "對(duì)全縣單位自建住宅小區(qū)、商品房開發(fā)小區(qū)、“三無”小區(qū)進(jìn)行摸底",
        ),
        description="typical households in one compound of each kind",
    )
    ties_per_resident: float = param(
        6.0,
        ge=0.0,
        le=30.0,
        unit="ties",
        source=assumption(),
        description="mean social ties per resident",
    )
    share_ties_outside_building: Share = param(
        0.2,
        unit="share",
        source=assumption("ties are mostly within a building, MODEL.md §2"),
        description="share of ties to residents of other buildings in the same grid",
    )
    community_kinds: list[
        Literal["mixed", "commodity_estate", "old_compound", "work_unit", "village"]
    ] = param(
        default_factory=list,
        unit="kinds",
        source=structural(
            "empty: every community is mixed (compound_mix); else one kind per community"
        ),
        description="kind of each community: mixed, commodity_estate, old_compound, "
        "work_unit or village (a rural village, see [village])",
    )

    def kind_of(self, community: int) -> str:
        """The kind of a community (``mixed`` when ``community_kinds`` is empty)."""
        return self.community_kinds[community] if self.community_kinds else "mixed"

    @property
    def villages(self) -> list[int]:
        """The communities that are rural villages."""
        return [c for c, k in enumerate(self.community_kinds) if k == "village"]

    @model_validator(mode="after")
    def _mix_sums_to_one(self) -> StructureParams:
        mix = self.compound_mix
        total = mix.commodity_estate + mix.old_compound + mix.work_unit
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"compound_mix shares must sum to 1, they sum to {total:.4g}")
        for kind in ("commodity_estate", "old_compound", "work_unit"):
            if getattr(self.compound_households, kind) < 1:
                raise ValueError(f"compound_households.{kind} must be at least 1")
        if self.community_kinds and len(self.community_kinds) != self.communities:
            raise ValueError(
                f"community_kinds names {len(self.community_kinds)} kinds for "
                f"{self.communities} communities: give one kind per community, or none"
            )
        return self


class PopulationParams(Section):
    """Who the residents are, and their initial dispositions."""

    elderly_share: ShareByCompoundType = param(
        default_factory=lambda: ShareByCompoundType(
            commodity_estate=0.16, old_compound=0.36, work_unit=0.26
        ),
        unit="share",
        source=assumption("around the 2020 census share aged 60+ (18.7%); old compounds older"),
        description="share of residents aged 60+ by compound kind",
    )
    youth_share: Share = param(
        0.2, unit="share", source=assumption(), description="share of residents under 30"
    )
    low_income_share: ShareByCompoundType = param(
        default_factory=lambda: ShareByCompoundType(
            commodity_estate=0.08, old_compound=0.3, work_unit=0.15
        ),
        unit="share",
        source=assumption(),
        description="share of households on low income (低保/低收入) by compound kind",
    )
    unemployment_rate: Share = param(
        0.1,
        unit="share",
        source=assumption(),
        description="share of working-age residents not employed",
    )
    party_member_share: Share = param(
        0.08,
        unit="share",
        source=assumption("near the national share of about 7%"),
        description="share of residents who are party members",
    )
    in_service_share: Share = param(
        0.45,
        unit="share",
        source=assumption(),
        description="share of party members who are in-service (在职), working elsewhere",
    )
    member_weight_elderly: float = param(
        3.0,
        gt=0.0,
        le=100.0,
        unit="relative weight",
        source=assumption("resident party members are mostly retired, MODEL.md §2"),
        description="weight of an elderly resident, against 1, when resident members are drawn",
    )
    volunteer_share: Share = param(
        0.05,
        unit="share",
        source=assumption(),
        description="initial share of residents in volunteer teams",
    )
    volunteer_willingness_power: float = param(
        2.0,
        ge=0.0,
        le=10.0,
        unit="exponent",
        source=assumption(),
        description="initial volunteers are drawn with weight willingness to this power",
    )
    volunteer_weight_elderly: float = param(
        2.0,
        gt=0.0,
        le=100.0,
        unit="relative weight",
        source=assumption("participants skew elderly (C2)"),
        description="weight of an elderly resident, against 1, when initial volunteers are drawn",
    )
    willingness_mean: Share = param(
        0.415,
        unit="scale 0–1",
        source=fitted_to("C1", XIAOCHANG, C1_PASSAGE),
        description="mean latent willingness to take part in public affairs (calibrated: C1)",
    )
    willingness_concentration: float = param(
        5.0,
        ge=0.5,
        le=100.0,
        unit="Beta concentration",
        source=assumption(),
        description="Beta concentration of willingness (higher: less spread)",
    )
    willingness_shift_elderly: float = param(
        0.12,
        ge=-0.5,
        le=0.5,
        unit="scale 0–1",
        source=assumption("participants skew elderly (C2)"),
        description="added to willingness of the elderly",
    )
    willingness_shift_low_income: float = param(
        0.05,
        ge=-0.5,
        le=0.5,
        unit="scale 0–1",
        source=assumption("participants skew low-income (C2)"),
        description="added to willingness of low-income residents",
    )
    willingness_shift_party_member: float = param(
        0.08,
        ge=-0.5,
        le=0.5,
        unit="scale 0–1",
        source=assumption(),
        description="added to willingness of party members",
    )
    trust_rc_mean: Share = param(
        0.55,
        unit="scale 0–1",
        source=assumption(),
        description="mean initial trust in the RC (居委会)",
    )
    trust_strangers_mean: Share = param(
        0.393,
        unit="scale 0–1",
        source=fitted_to("C4", ESSAYS, "仅31%的居民对同一社区的陌生人选择信任或非常信任"),
        description="mean initial trust in strangers in one's own community (calibrated: C4)",
    )
    trust_strangers_threshold: Share = param(
        0.5,
        unit="scale 0–1",
        source=assumption("the survey's 信任或非常信任 read as above the midpoint (C4)"),
        description="trust in strangers above which a resident counts as trusting them (C4)",
    )
    trust_concentration: float = param(
        6.0,
        ge=0.5,
        le=100.0,
        unit="Beta concentration",
        source=assumption(),
        description="Beta concentration of initial trust values",
    )
    satisfaction_mean: Share = param(
        0.6,
        unit="scale 0–1",
        source=assumption(),
        description="mean initial satisfaction with services",
    )


class NeedCategory(Section):
    """One kind of need: how often it arises, how much work it takes, how long one waits."""

    rate: float = param(
        ge=0.0,
        le=1.0,
        unit="1/week",
        source=assumption(),
        description="needs per resident per week [1/week]",
    )
    hours: float = param(
        gt=0.0,
        le=100.0,
        unit="hours",
        source=assumption(),
        description="work to resolve one [hours]",
    )
    patience_weeks: int = param(
        ge=1,
        le=104,
        unit="weeks",
        source=assumption(),
        description="weeks before an open need expires",
    )
    property_service: bool = param(
        unit="flag",
        source=structural("what a property-service contract covers (common parts, cleaning)"),
        description="handled by the property firm where there is one",
    )
    resident_capable: bool = param(
        False,
        unit="flag",
        source=assumption("paperwork needs the RC's office; repairs need trades"),
        description="volunteers and party members can take it on (接单)",
    )
    known_to_police: bool = param(
        False,
        unit="flag",
        source=assumption(),
        description="a co-opted community police officer knows of such needs (大党委)",
    )
    known_to_social_organisations: bool = param(
        False,
        unit="flag",
        source=assumption(),
        description="co-opted social organisations know of such needs (大党委)",
    )
    elderly_factor: float = param(
        1.0,
        ge=0.0,
        le=20.0,
        unit="multiplier",
        source=assumption(),
        description="rate multiplier for the elderly",
    )
    low_income_factor: float = param(
        1.0,
        ge=0.0,
        le=20.0,
        unit="multiplier",
        source=assumption(),
        description="rate multiplier for low-income residents",
    )
    old_compound_factor: float = param(
        1.0,
        ge=0.0,
        le=20.0,
        unit="multiplier",
        source=assumption(),
        description="rate multiplier in old compounds",
    )
    epidemic_factor: float = param(
        1.0,
        ge=0.0,
        le=20.0,
        unit="multiplier",
        source=assumption(),
        description="rate multiplier while an epidemic shock is on",
    )


NEED_CATEGORIES = ("repair", "elder_care", "environment", "safety", "paperwork", "micro_wish")


class NeedsParams(Section):
    """Needs residents raise (群众点单): repairs, care, environment, safety, paperwork, 微心愿."""

    rate_scale: float = param(
        1.0,
        ge=0.0,
        le=10.0,
        unit="multiplier",
        source=structural("scales every need rate; 1 is the default community"),
        description="multiplies every need rate",
    )
    repair: NeedCategory = Field(
        default_factory=lambda: NeedCategory(
            rate=0.006, hours=3.0, patience_weeks=6, property_service=True, old_compound_factor=1.8
        )
    )
    elder_care: NeedCategory = Field(
        default_factory=lambda: NeedCategory(
            rate=0.0025,
            hours=2.0,
            patience_weeks=4,
            property_service=False,
            resident_capable=True,
            known_to_social_organisations=True,
            elderly_factor=5.0,
            low_income_factor=1.3,
            epidemic_factor=2.5,
        )
    )
    environment: NeedCategory = Field(
        default_factory=lambda: NeedCategory(
            rate=0.004,
            hours=2.0,
            patience_weeks=8,
            property_service=True,
            resident_capable=True,
            old_compound_factor=1.5,
        )
    )
    safety: NeedCategory = Field(
        default_factory=lambda: NeedCategory(
            rate=0.002,
            hours=2.0,
            patience_weeks=3,
            property_service=False,
            resident_capable=True,
            known_to_police=True,
            epidemic_factor=2.0,
        )
    )
    paperwork: NeedCategory = Field(
        default_factory=lambda: NeedCategory(
            rate=0.005, hours=1.0, patience_weeks=4, property_service=False, low_income_factor=1.5
        )
    )
    micro_wish: NeedCategory = Field(
        default_factory=lambda: NeedCategory(
            rate=0.002,
            hours=1.5,
            patience_weeks=8,
            property_service=False,
            resident_capable=True,
            known_to_social_organisations=True,
            elderly_factor=1.5,
            low_income_factor=2.5,
            epidemic_factor=2.0,
        )
    )

    def categories(self) -> list[NeedCategory]:
        """Return the categories in the fixed order of ``NEED_CATEGORIES``."""
        return [getattr(self, name) for name in NEED_CATEGORIES]


class ChannelParams(Section):
    """Channels through which a need is voiced, and the trust it takes to use them."""

    building_leader_reach: Share = param(
        0.6,
        unit="probability",
        source=assumption(),
        description="chance a building leader (楼栋长) hears of a need in their building",
    )
    grid_worker_reach: Share = param(
        0.25,
        unit="probability",
        source=assumption(),
        description="chance a grid worker hears of a need without patrolling",
    )
    online_reach_youth: Share = param(
        0.7,
        unit="probability",
        source=assumption(),
        description="chance the online channel reaches youth",
    )
    online_reach_working_age: Share = param(
        0.55, unit="probability", source=assumption(), description="online reach, working-age"
    )
    online_reach_elderly: Share = param(
        0.12, unit="probability", source=assumption(), description="online reach, elderly"
    )
    walk_in_reach_elderly: Share = param(
        0.45,
        unit="probability",
        source=assumption(),
        description="chance an elderly resident walks in",
    )
    walk_in_reach_others: Share = param(
        0.15, unit="probability", source=assumption(), description="chance others walk in"
    )
    voice_trust_threshold: Share = param(
        0.45,
        unit="scale 0–1",
        source=assumption(),
        description="trust in the RC at which voicing a need is a coin toss",
    )
    voice_trust_slope: float = param(
        8.0,
        ge=0.0,
        le=50.0,
        unit="logit per unit trust",
        source=assumption(),
        description="steepness of voicing against trust in the RC",
    )
    hidden_revoice_rate: Share = param(
        0.04,
        unit="1/week",
        source=assumption(),
        description="weekly chance a hidden need is voiced after all [1/week]",
    )
    grievance_per_hidden_week: float = param(
        0.01,
        ge=0.0,
        le=0.2,
        unit="satisfaction/week",
        source=assumption(),
        description="satisfaction lost per week a need stays hidden",
    )


class CommunityParams(Section):
    """The community party organisation and residents' committee (社区党组织 + 居委会)."""

    households_per_worker: float = param(
        300.0,
        ge=10.0,
        le=5000.0,
        unit="households/worker",
        source=assumption(),
        description="households per community worker (社区工作者), the staffing standard",
    )
    community_workers: int | None = param(
        None,
        ge=0,
        le=200,
        unit="workers",
        source=structural("unset: derived from households_per_worker"),
        description="community workers per community; unset: households / households_per_worker",
    )
    hours_per_worker: float = param(
        40.0,
        ge=0.0,
        le=80.0,
        unit="h/week",
        source=assumption("a full-time working week"),
        description="paid hours a week [h/week]",
    )
    share_time_on_needs: Share = param(
        0.5,
        unit="share",
        source=assumption("RC time eaten by tasks from above, MODEL.md §6a"),
        description="share of workers' time on residents' needs (the rest: administration)",
    )
    tasks_from_above_growth_per_year: Share = param(
        0.0,
        unit="share/year",
        source=assumption(
            "the essays describe towns' strict assessments of the communities under them, "
            "without a rate; 0 keeps the RC's time on needs where the calibrated baseline "
            "has it",
            ESSAYS,
            "大部分镇(街道)对下属的村(社区)有严苛的考核管理",
        ),
        description="share of staff time that new tasks from above (forms, ledgers, "
        "assessments) take each year, from the second year on",
    )
    tasks_from_above_max: Share = param(
        0.9,
        unit="share",
        source=assumption("someone still answers the door"),
        description="most of staff time tasks from above can take",
    )
    rc_perception_half_life_weeks: float = param(
        26.0,
        ge=0.0,
        le=520.0,
        unit="weeks",
        source=assumption("as the memory of experience (adaptation.memory_half_life)"),
        description="half-life with which residents' view of the RC (their own body or a "
        "government office) follows what they see it do (0: instant)",
    )
    dispatch_hours_per_need: float = param(
        0.3,
        ge=0.0,
        le=10.0,
        unit="hours",
        source=assumption(),
        description="staff time to record and dispatch one need [hours]",
    )
    grid_workers_per_grid: float = param(
        1.0,
        ge=0.0,
        le=10.0,
        unit="workers/grid",
        source=assumption(),
        description="grid workers (网格员) per grid",
    )
    patrol_households_per_week: float = param(
        60.0,
        ge=0.0,
        le=1000.0,
        unit="households/week",
        source=assumption(),
        description="households one grid worker visits a week on patrol",
    )
    leader_hours: float = param(
        0.5,
        ge=0.0,
        le=40.0,
        unit="h/week",
        source=assumption(
            "passing on notices, a building chat group, collecting needs; half of a resident "
            "member's most hours (issue 10 halved those to 1 h/week: at 1 h a leader role "
            "would have been out of every resident member's reach)"
        ),
        description="weekly hours a building leader (楼栋长/单元长) spends on the role [h/week]",
    )
    contact_hours: float = param(
        0.25,
        ge=0.0,
        le=40.0,
        unit="h/week",
        source=assumption("a call or visit to each contacted household every few weeks"),
        description="weekly hours a member spends as contact for households (党员联系户) [h/week]",
    )
    grid_volunteer_hours: float = param(
        0.5,
        ge=0.0,
        le=40.0,
        unit="h/week",
        source=assumption("one walk round the grid a week"),
        description="weekly hours a grid volunteer (网格志愿者) spends on the role [h/week]",
    )
    leader_uptake: Share = param(
        0.2,
        unit="probability",
        source=assumption(
            "set so the default community keeps about as many building leaders (~30) as "
            "under the former rule of a leader in 30% of buildings; leaders come from "
            "members, volunteers and keen residents",
            XIAOCHANG,
            "一般樓棟長(zhǎng)從本小區(qū)黨員干部、志愿者和熱心居民中產(chǎn)生",
        ),
        description="chance, times willingness, that a resident member or volunteer with "
        "the hours becomes a building leader",
    )
    contact_uptake: Share = param(
        0.2,
        unit="probability",
        source=assumption(),
        description="chance, times willingness, that a member with the hours left becomes a "
        "contact for households (党员联系户)",
    )
    grid_volunteer_uptake: Share = param(
        0.1,
        unit="probability",
        source=assumption(),
        description="chance, times willingness, that a member with the hours left becomes a "
        "grid volunteer (网格志愿者)",
    )
    households_per_leader: float = param(
        18.0,
        ge=1.0,
        le=1000.0,
        unit="households",
        source=assumption(
            "about one entrance or two of a 36-household building: several leaders per building",
            XIAOCHANG,
            "先后派遣938名45歲以下在職黨員到居住地社區(qū)擔(dān)任樓棟長(zhǎng)、單元長(zhǎng)、街道長(zhǎng)、灣組長(zhǎng)",
        ),
        description="households one building leader looks after (楼栋长 or 单元长)",
    )
    households_per_contact: float = param(
        8.0,
        ge=1.0,
        le=1000.0,
        unit="households",
        source=assumption(),
        description="households one member contact keeps in touch with (党员联系户)",
    )
    grid_volunteer_visits_per_week: float = param(
        10.0,
        ge=0.0,
        le=1000.0,
        unit="households/week",
        source=assumption("a sixth of a grid worker's 60 visits"),
        description="households a grid volunteer visits a week, finding hidden needs",
    )
    leader_score_party_member: float = param(
        2.0,
        ge=0.0,
        le=100.0,
        unit="score",
        source=assumption("leaders come from party members, volunteers and keen residents"),
        description="added to a party member's score (willingness + …) for building leader",
    )
    leader_score_elderly: float = param(
        0.5,
        ge=0.0,
        le=100.0,
        unit="score",
        source=assumption("retired residents have the time"),
        description="added to an elderly resident's score for building leader",
    )
    budget_yuan_per_household_year: float = param(
        200000.0 / 3000.0,
        ge=0.0,
        le=10000.0,
        unit="yuan/household/year",
        source=assumption(
            "200,000 yuan a year for the default 3,000 households, twice the floor of C6",
            SHANGHAI,
            BUDGET_FLOOR_PASSAGE,
        ),
        description="community work funds per household [yuan/household/year], when "
        "budget_yuan_per_year is unset",
    )
    budget_floor_yuan_per_year: float = param(
        100000.0,
        ge=0.0,
        le=1e8,
        unit="yuan/year",
        source=from_seed(SHANGHAI, BUDGET_FLOOR_PASSAGE, "C6"),
        description="least community work funds a year [yuan/year], when "
        "budget_yuan_per_year is unset",
    )
    budget_yuan_per_year: float | None = param(
        None,
        ge=0.0,
        le=1e8,
        unit="yuan/year",
        source=structural(
            "unset: budget_yuan_per_household_year × households, at least "
            "budget_floor_yuan_per_year"
        ),
        description="community work funds [yuan/year]; unset: per household × households, "
        "at least the floor (C6: ≥100,000)",
    )

    def budget_for(self, households: int) -> float:
        """The yearly budget of a community of ``households`` households [yuan/year].

        Set explicitly (``budget_yuan_per_year``) it is that amount; unset it scales with the
        community, ``budget_yuan_per_household_year × households``, and is at least the
        floor ``budget_floor_yuan_per_year`` (the Shanghai reform's "at least 100,000 yuan
        a year", C6).
        """
        if self.budget_yuan_per_year is not None:
            return float(self.budget_yuan_per_year)
        return float(
            max(self.budget_floor_yuan_per_year, households * self.budget_yuan_per_household_year)
        )

    def service_fund_for(self, households: int) -> float:
        """The yearly service fund of a community of ``households`` households [yuan/year].

        ``service_fund_yuan_per_year`` when set, else
        ``service_fund_yuan_per_household_year × households`` (no floor: the source names
        the fund, not its amount).
        """
        if self.service_fund_yuan_per_year is not None:
            return float(self.service_fund_yuan_per_year)
        return float(households * self.service_fund_yuan_per_household_year)

    service_fund_yuan_per_household_year: float = param(
        200000.0 / 3000.0,
        ge=0.0,
        le=10000.0,
        unit="yuan/household/year",
        source=assumption(
            "the reform names a special fund for serving residents beside the work funds, "
            "without an amount; 200,000 yuan a year for the default 3,000 households, what "
            "the single budget was before the two funds were told apart",
            SHANGHAI,
            SERVICE_FUND_PASSAGE,
        ),
        description="special fund for serving residents per household "
        "[yuan/household/year], when service_fund_yuan_per_year is unset; pays activities "
        "and point redemptions",
    )
    service_fund_yuan_per_year: float | None = param(
        None,
        ge=0.0,
        le=1e8,
        unit="yuan/year",
        source=structural("unset: service_fund_yuan_per_household_year × households"),
        description="special fund for serving residents [yuan/year]; unset: per household × "
        "households",
    )

    activity_cost_yuan: float = param(
        6.0,
        ge=0.0,
        le=1000.0,
        unit="yuan/place",
        source=assumption(),
        description="cost of one resident's place at an activity [yuan]",
    )
    rc_success: Share = param(
        0.95,
        unit="probability",
        source=assumption(),
        description="chance RC staff resolve a need they take on",
    )
    paired_units: int = param(
        8,
        ge=0,
        le=500,
        unit="units",
        source=assumption(
            "Xiaochang has 82 units for 18 urban communities (≈4.6 each)",
            XIAOCHANG,
            "所有機(jī)關(guān)企事業(yè)單位黨組織分別與18個(gè)城區(qū)社區(qū)黨組織結(jié)對(duì)",
        ),
        description="units stationed in or paired with the community (结对单位)",
    )
    in_service_at_paired_units: Share = param(
        0.4,
        unit="share",
        source=assumption(),
        description="share of in-service party members employed by a paired unit",
    )


class SupplyParams(Section):
    """Volunteers and party members who take orders (接单)."""

    volunteer_max_hours: float = param(
        2.0,
        ge=0.0,
        le=40.0,
        unit="h/week",
        source=assumption(
            "a couple of hours a week of a fully motivated volunteer; was 4 until issue 10, "
            "when most of the hours offered went unused"
        ),
        description="most hours a volunteer gives in a week [h/week]",
    )
    resident_member_max_hours: float = param(
        1.0,
        ge=0.0,
        le=40.0,
        unit="h/week",
        source=assumption("half a volunteer's; was 2 until issue 10"),
        description="most hours a resident party member gives [h/week]",
    )
    employed_time_factor: Share = param(
        0.5,
        unit="share",
        source=assumption("working-age residents have less time, MODEL.md §3.5"),
        description="share of their hours an employed volunteer offers",
    )
    lockdown_hours_floor: Share = param(
        0.5,
        unit="share",
        source=assumption(),
        description="share of hours still offered when no activity is held (lockdown)",
    )
    volunteer_success: Share = param(
        0.85,
        unit="probability",
        source=assumption(),
        description="chance volunteers resolve a need they take on",
    )
    unit_success: Share = param(
        0.9,
        unit="probability",
        source=assumption(),
        description="chance a paired unit's volunteers resolve a need they take on",
    )
    ad_hoc_overhead: float = param(
        1.3,
        ge=1.0,
        le=5.0,
        unit="multiplier",
        source=assumption(),
        description="extra time for a volunteer sent ad hoc (travel, skill)",
    )
    burnout_threshold: float = param(
        3.0,
        ge=0.0,
        le=40.0,
        unit="h/week",
        source=assumption(),
        description="weekly hours above which volunteers tire [h/week]",
    )
    burnout_rate: float = param(
        0.03,
        ge=0.0,
        le=1.0,
        unit="burnout/hour",
        source=assumption(),
        description="burnout per hour over threshold",
    )
    burnout_recovery: Share = param(
        0.1, unit="1/week", source=assumption(), description="share of burnout recovered a week"
    )
    recruit_rate: Share = param(
        0.002,
        unit="1/week",
        source=assumption(),
        description="weekly chance a willing, participating resident joins a team",
    )
    recruit_willingness_threshold: Share = param(
        0.55,
        unit="scale 0–1",
        source=assumption(),
        description="willingness above which a participating resident may join a team",
    )
    recruit_extrinsic_weight: float = param(
        1.0,
        ge=0.0,
        le=20.0,
        unit="multiplier per unit extrinsic",
        source=assumption(),
        description="recruitment chance × (1 + this × extrinsic motivation)",
    )
    quit_rate: Share = param(
        0.004,
        unit="1/week",
        source=assumption(),
        description="weekly chance a volunteer with no motivation left quits (× 1 − motivation)",
    )
    intrinsic_mean: Share = param(
        0.6,
        unit="scale 0–1",
        source=assumption(),
        description="mean intrinsic motivation of volunteers",
    )
    intrinsic_concentration: float = param(
        6.0,
        ge=0.5,
        le=100.0,
        unit="Beta concentration",
        source=assumption(),
        description="Beta concentration of intrinsic motivation (higher: less spread)",
    )


VISIT_PASSAGE = "X市六合区曾有一独居老人死亡两个多月后才被发现,这就是网格走访不到位、不常态所导致的"
WALKIN_PASSAGE = "通過微信、電話、走訪等方式廣泛收集居民群眾“微訴求”“微心愿”"


class VisitParams(Section):
    """Home visits (上门走访, 入户走访) to elderly residents who live alone or on low income.

    Visits are demand that only people can meet: each week residents' hours left after
    taking orders go to visiting, in their own grid, the target residents due a visit; a
    visit finds the hidden needs of the visited. Visits made are limited by those hours.
    """

    enabled: bool = param(
        True,
        unit="switch",
        source=from_seed(ESSAYS, VISIT_PASSAGE, "regular visits are expected of the grid"),
        description="volunteers and members visit elderly residents living alone or on low income",
    )
    hours_per_visit: float = param(
        1.0,
        gt=0.0,
        le=10.0,
        unit="hours",
        source=assumption("a home visit with travel and a conversation"),
        description="time one visit takes",
    )
    interval_weeks: int = param(
        4,
        ge=1,
        le=52,
        unit="weeks",
        source=assumption(
            "about monthly; the sources ask for regular (常态) visits without a frequency",
            ESSAYS,
            VISIT_PASSAGE,
        ),
        description="weeks after a visit before a target resident is due the next",
    )
    discovery: float = param(
        0.8,
        ge=0.0,
        le=1.0,
        unit="probability",
        source=assumption(
            "a visitor hears of most needs the visited have", XIAOCHANG, WALKIN_PASSAGE
        ),
        description="chance a visit brings each hidden need of the visited to the RC",
    )


class FirmParams(Section):
    """Property-service firms (物业服务企业): fees, effort, quality, exit."""

    present_share: ShareByCompoundType = param(
        default_factory=lambda: ShareByCompoundType(
            commodity_estate=1.0, old_compound=0.0, work_unit=0.5
        ),
        unit="share",
        source=assumption("three-no compounds have no firm by definition (三无小区)"),
        description="share of compounds of each kind served by a property firm",
    )
    fee_yuan_per_household_week: float = param(
        25.0,
        ge=0.0,
        le=1000.0,
        unit="yuan/household/week",
        source=assumption(),
        description="property fee due [yuan/household/week]",
    )
    staff_per_100_households: float = param(
        1.5,
        ge=0.0,
        le=20.0,
        unit="staff/100 households",
        source=assumption(),
        description="firm staff per 100 households served",
    )
    min_staff: float = param(
        1.0,
        ge=0.0,
        le=100.0,
        unit="staff",
        source=assumption(),
        description="fewest staff a firm keeps however small its compound",
    )
    staff_cost_yuan_week: float = param(
        1600.0,
        ge=0.0,
        le=20000.0,
        unit="yuan/week",
        source=assumption(),
        description="cost of one staff member [yuan/week]",
    )
    staff_hours_per_week: float = param(
        40.0,
        ge=0.0,
        le=80.0,
        unit="h/week",
        source=assumption("a full-time working week"),
        description="working hours of one firm staff member [h/week]",
    )
    fixed_cost_share: Share = param(
        0.5,
        unit="share",
        source=assumption(),
        description="share of staff cost a firm pays however little effort it puts in",
    )
    request_share_of_staff_time: Share = param(
        0.08,
        unit="share",
        source=assumption(),
        description="share of firm staff time for residents' requests",
    )
    initial_quality: Share = param(
        0.65, unit="scale 0–1", source=assumption(), description="service quality of a new firm"
    )
    initial_effort: Share = param(
        0.8, unit="scale 0–1", source=assumption(), description="effort of a new firm"
    )
    min_effort: Share = param(
        0.05,
        unit="scale 0–1",
        source=assumption(),
        description="least effort a firm puts in however low its income",
    )
    effort_adjustment: Share = param(
        0.08,
        unit="1/week",
        source=assumption(),
        description="weekly adjustment of effort toward what income allows",
    )
    quality_adjustment: Share = param(
        0.1,
        unit="1/week",
        source=assumption(),
        description="weekly adjustment of service quality toward effort",
    )
    effort_per_income: float = param(
        0.7,
        ge=0.0,
        le=2.0,
        unit="effort per income/cost",
        source=assumption(),
        description="effort a firm puts in per unit of income/cost ratio",
    )
    income_ratio_cap: float = param(
        1.2,
        ge=0.0,
        le=5.0,
        unit="income/cost",
        source=assumption(),
        description="income/cost ratio above which more income adds no effort",
    )
    pressure_weight: float = param(
        0.15,
        ge=0.0,
        le=2.0,
        unit="effort per unit pressure",
        source=assumption(),
        description="effort added per unit of pressure from OC and RC",
    )
    rc_pressure: Share = param(
        0.2, unit="scale 0–1", source=assumption(), description="pressure the RC puts on firms"
    )
    pay_threshold: Share = param(
        0.35,
        unit="scale 0–1",
        source=assumption(),
        description="satisfaction at which paying the fee is a coin toss",
    )
    pay_slope: float = param(
        10.0,
        ge=0.0,
        le=50.0,
        unit="logit per unit satisfaction",
        source=assumption(),
        description="steepness of paying against satisfaction",
    )
    pay_ceiling: Share = param(
        0.97, unit="probability", source=assumption(), description="share who pay however satisfied"
    )
    pay_fee_weight: float = param(
        2.0,
        ge=0.0,
        le=20.0,
        unit="logit per unit relative fee rise",
        source=assumption(
            "the sources say nothing on property fees; the nearest passage has price and "
            "service quality together decide whether people take a service (township "
            "nursing homes: 'charges are not market-priced and service quality is not high "
            "enough, so the elderly are unwilling to move in'); the size is a guess",
            ESSAYS,
            "收费价格未能市场化,在服务质量和水平上不够高,导致老年人不愿意入住",
        ),
        description="logit of paying lost per unit of fee above the fee in the household's "
        "firm's contract, (fee − contract fee) / contract fee; gained below it",
    )
    exit_income_ratio: float = param(
        0.8,
        ge=0.0,
        le=2.0,
        unit="income/cost",
        source=assumption(),
        description="income/cost below which, sustained, the firm exits",
    )
    exit_window_weeks: int = param(
        26,
        ge=1,
        le=260,
        unit="weeks",
        source=assumption(),
        description="weeks of low income before exit",
    )
    unmanaged_service: Share = param(
        0.35,
        unit="scale 0–1",
        source=assumption(),
        description="service level residents see in a compound with no firm",
    )
    replacement_weeks: int = param(
        12,
        ge=1,
        le=260,
        unit="weeks",
        source=assumption(),
        description="weeks a functional OC needs to hire a new firm",
    )


class OwnersCommitteeParams(Section):
    """Owners' committees (业主委员会)."""

    present_share: ShareByCompoundType = param(
        default_factory=lambda: ShareByCompoundType(
            commodity_estate=0.8, old_compound=0.0, work_unit=0.4
        ),
        unit="share",
        source=assumption("three-no compounds have no OC by definition (三无小区)"),
        description="share of compounds of each kind with an OC",
    )
    functional_share: Share = param(
        0.6,
        unit="share",
        source=assumption("self-governing bodies hollow (空壳化), MODEL.md §6a"),
        description="share of OCs that function",
    )
    activeness_mean: Share = param(
        0.45,
        unit="scale 0–1",
        source=assumption(),
        description="mean activeness of a functional OC",
    )
    activeness_concentration: float = param(
        4.0,
        ge=0.5,
        le=100.0,
        unit="Beta concentration",
        source=assumption(),
        description="Beta concentration of functional OCs' activeness (higher: less spread)",
    )
    nonfunctional_activeness: Share = param(
        0.05,
        unit="scale 0–1",
        source=assumption(),
        description="activeness of an OC that does not function",
    )
    rc_acting_activeness: Share = param(
        0.3,
        unit="scale 0–1",
        source=assumption(),
        description="activeness of a failing OC an RC member acts for (big party committee)",
    )
    initial_conflict: Share = param(
        0.1,
        unit="scale 0–1",
        source=assumption(),
        description="initial conflict level of an OC with its compound's firm",
    )
    mediation_rate: Share = param(
        0.3,
        unit="1/week",
        source=assumption(),
        description="weekly chance a fully active OC settles an open dispute",
    )
    replace_satisfaction: Share = param(
        0.3,
        unit="scale 0–1",
        source=assumption(),
        description="owners' mean satisfaction below which an OC votes the firm out",
    )
    vote_out_weeks: int = param(
        12,
        ge=1,
        le=260,
        unit="weeks",
        source=assumption(),
        description="weeks of satisfaction below replace_satisfaction before the vote",
    )
    members: int = param(
        5,
        ge=1,
        le=21,
        unit="residents",
        source=assumption(
            "members of a committee who can run a collection drive; party members first "
            "('the right to nominate party members and RC cadres who qualify to enter the "
            "owners' committee first'); the number is the usual 5 of national rules, not "
            "in these sources",
            ESSAYS,
            "掌握党员和居委会干部符合条件的优先进入业委会的提名权",
        ),
        description="members of an owners' committee (residents of its compound: party "
        "members first, then the most willing)",
    )
    drive_hours_per_member: float = param(
        2.0,
        ge=0.0,
        le=20.0,
        unit="h/week",
        source=assumption(
            "as many hours as a fully motivated volunteer offers (supply.volunteer_max_hours); "
            "the sources say nothing on fee collection (催缴)"
        ),
        description="hours a week each member gives to a collection drive at full effort "
        "(taken from the hours they offer for orders while it runs)",
    )
    reminder_hours_per_household: float = param(
        1.0,
        ge=0.01,
        le=10.0,
        unit="h/household",
        source=assumption(
            "a call at the door (上门催缴), often repeated when nobody is in, and its follow-up"
        ),
        description="members' hours to remind one household behind with its fee",
    )
    reminder_success: Share = param(
        0.3,
        unit="probability",
        source=assumption("the sources say nothing on fee collection (催缴)"),
        description="chance a reminded household that would not have paid pays this week",
    )


class DisputeParams(Section):
    """Disputes between owners and firms and among neighbours."""

    owner_firm_rate: float = param(
        0.004,
        ge=0.0,
        le=1.0,
        unit="1/household/week",
        source=assumption(),
        description="owner–firm disputes per household-week at zero quality",
    )
    neighbour_rate: float = param(
        0.0008,
        ge=0.0,
        le=1.0,
        unit="1/household/week",
        source=assumption(),
        description="neighbour disputes per household-week",
    )
    old_compound_factor: float = param(
        1.5,
        ge=0.0,
        le=10.0,
        unit="multiplier",
        source=assumption("old compounds: complex populations, MODEL.md §6a"),
        description="neighbour-dispute multiplier in old compounds",
    )
    conflict_without_oc: Share = param(
        0.3,
        unit="scale 0–1",
        source=assumption(),
        description="owner–firm conflict level in a compound with a firm but no OC",
    )
    rc_hours_per_dispute: float = param(
        2.0,
        ge=0.0,
        le=40.0,
        unit="hours",
        source=assumption(),
        description="RC staff time to mediate one dispute [hours]",
    )
    rc_mediation_share: Share = param(
        0.1,
        unit="share",
        source=assumption(),
        description="share of the RC's needs time it may put into mediation",
    )
    rc_success_neighbour: Share = param(
        0.8,
        unit="probability",
        source=assumption(),
        description="chance an RC mediation settles a neighbour dispute",
    )
    rc_success_owner_firm: Share = param(
        0.3,
        unit="probability",
        source=assumption(),
        description="chance an RC mediation settles an owner–firm dispute (weak authority)",
    )
    building_leader_mediation: Share = param(
        0.25,
        unit="1/week",
        source=assumption(),
        description="weekly chance a building leader settles a neighbour dispute",
    )
    escalation_weeks: int = param(
        4,
        ge=1,
        le=52,
        unit="weeks",
        source=assumption(),
        description="weeks unmediated before a dispute escalates (信访)",
    )
    conflict_per_escalation: Share = param(
        0.05,
        unit="conflict/escalation",
        source=assumption(),
        description="OC–firm conflict added per escalation",
    )
    conflict_decay: Share = param(
        0.02, unit="1/week", source=assumption(), description="weekly decay of OC–firm conflict"
    )
    trust_loss_per_escalation: Share = param(
        0.005,
        unit="trust/escalation",
        source=assumption(),
        description="trust in the RC lost by the compound's residents per escalation",
    )
    max_escalations_felt: int = param(
        3,
        ge=0,
        le=1000,
        unit="escalations/week",
        source=assumption(),
        description="most escalations in a compound a week whose trust loss residents feel",
    )


class ParticipationParams(Section):
    """Shallow and deep participation (logit of weekly attendance)."""

    window_weeks: int = param(
        12,
        ge=1,
        le=104,
        unit="weeks",
        source=assumption("a quarter"),
        description="rolling window of participation rates",
    )
    unwilling_threshold: Share = param(
        0.5,
        unit="scale 0–1",
        source=assumption("the survey's 意愿不强 read as willingness below the midpoint (C1)"),
        description="willingness below which a resident counts as unwilling (C1)",
    )
    shallow_intercept: float = param(
        -6.6,
        ge=-20.0,
        le=20.0,
        unit="logit",
        source=assumption(),
        description="logit intercept, shallow",
    )
    deep_intercept: float = param(
        -9.11,
        ge=-20.0,
        le=20.0,
        unit="logit",
        source=fitted_to("C3", ESSAYS, C3_PASSAGE),
        description="logit intercept, deep (calibrated: C3)",
    )
    willingness_weight: float = param(
        4.0,
        ge=0.0,
        le=20.0,
        unit="logit per unit willingness",
        source=assumption(),
        description="logit weight of willingness",
    )
    deep_willingness_weight: float = param(
        6.0,
        ge=0.0,
        le=20.0,
        unit="logit per unit willingness",
        source=assumption(),
        description="logit weight of willingness for deep participation",
    )
    trust_weight: float = param(
        1.5,
        ge=0.0,
        le=20.0,
        unit="logit per unit trust",
        source=assumption(),
        description="logit weight of trust in the RC",
    )
    trust_strangers_weight: float = param(
        1.0,
        ge=0.0,
        le=20.0,
        unit="logit per unit trust",
        source=assumption(
            "activities are held with neighbours one may not know; social-capital accounts "
            "of participation (Putnam 2000) link trust in others to taking part"
        ),
        description="logit weight of trust in strangers in one's own community",
    )
    peer_weight: float = param(
        2.0,
        ge=0.0,
        le=20.0,
        unit="logit per unit share",
        source=assumption(),
        description="logit weight of the share of ties who took part",
    )
    deep_peer_share: float = param(
        0.5,
        ge=0.0,
        le=5.0,
        unit="multiplier",
        source=assumption(),
        description="share of peer_weight that acts on deep participation",
    )
    deep_oc_weight: float = param(
        1.0,
        ge=0.0,
        le=20.0,
        unit="logit per unit activeness",
        source=assumption("an active OC draws owners into deliberation"),
        description="logit weight of the compound's OC activeness in deep participation",
    )
    invitation_weight: float = param(
        1.2,
        ge=0.0,
        le=20.0,
        unit="logit",
        source=assumption(),
        description="logit weight of an invitation this week",
    )
    time_cost_employed: float = param(
        1.0,
        ge=0.0,
        le=20.0,
        unit="logit",
        source=assumption(),
        description="logit penalty for employed working-age residents",
    )
    elderly_time_bonus: float = param(
        0.976,
        ge=-5.0,
        le=5.0,
        unit="logit",
        source=fitted_to("C2", ESSAYS, "老年人、待业青年和低保户群体占到社区活动参与者的61%"),
        description="logit bonus of the elderly (more free time) (calibrated: C2)",
    )
    intrinsic_shift_weight: float = param(
        3.0,
        ge=0.0,
        le=20.0,
        unit="logit per unit intrinsic motivation",
        source=assumption(
            "the pathway is motivation-crowding theory (Frey & Jegen 2001, J. Econ. Surveys "
            "15(5)): a reward crowds out the intrinsic motive to act, which shows when the reward "
            "stops; the weight is not from a study"
        ),
        description=(
            "logit weight of the change of a resident's intrinsic motivation since the start "
            "in attending shallow activities (0 in a run where nothing moves it)"
        ),
    )
    invitations_per_leader: float = param(
        6.0,
        ge=0.0,
        le=200.0,
        unit="residents/week",
        source=assumption(),
        description="neighbours a building leader invites a week",
    )


class AdaptationParams(Section):
    """Updating of willingness, trust and satisfaction from experience, with memory.

    Each of satisfaction, trust in the RC and willingness returns toward its set point with
    its own half-life; the set point is the situation's target plus a memory trace that
    moves, with ``memory_half_life``, toward ``memory_weight`` times the disposition's
    recent deviation from that target (see ``cogov.phases.adaptation``).
    """

    rate: Share = param(
        0.03,
        unit="1/week",
        source=assumption(),
        description="weekly rate of return of trust in strangers toward its experienced level",
    )
    satisfaction_half_life: float = param(
        11.2,
        ge=0.0,
        le=520.0,
        unit="weeks",
        source=assumption(
            "no field measurement; 11.2 weeks is a weekly rate of 6%, which with "
            "memory_weight 0.5 gives the same long-run level under a steady flow of "
            "events as the former single rate of 3% a week (the calibration's)"
        ),
        description="half-life of a deviation of satisfaction from its set point (0: instant)",
    )
    trust_rc_half_life: float = param(
        11.2,
        ge=0.0,
        le=520.0,
        unit="weeks",
        source=assumption(
            "as satisfaction_half_life: 6% a week, the former 3% a week at memory_weight 0.5"
        ),
        description="half-life of a deviation of trust in the RC from its set point (0: instant)",
    )
    willingness_half_life: float = param(
        11.2,
        ge=0.0,
        le=520.0,
        unit="weeks",
        source=assumption(
            "as satisfaction_half_life: 6% a week, the former 3% a week at memory_weight 0.5"
        ),
        description="half-life of a deviation of willingness from its set point (0: instant)",
    )
    memory_half_life: float = param(
        26.0,
        ge=0.0,
        le=1040.0,
        unit="weeks",
        source=assumption(
            "half a year to half-learn from experience; a shock's trace then halves in about "
            "memory_half_life / (1 − memory_weight) = 52 weeks. Not measured: the field "
            "reports give no panel of dispositions after a shock"
        ),
        description="half-life with which the set point's memory trace follows experience",
    )
    memory_weight: float = param(
        0.5,
        ge=0.0,
        le=0.95,
        unit="share",
        source=assumption(
            "half of a lasting deviation becomes the new set point; 0 = set point fixed at "
            "the situation's target (no memory); must stay below 1 for a stable level"
        ),
        description="share of a lasting deviation from the target that the set point takes on",
    )
    satisfaction_resolved: Share = param(
        0.08,
        unit="satisfaction/need",
        source=assumption(),
        description="satisfaction gained when a need is met",
    )
    satisfaction_expired: Share = param(
        0.12,
        unit="satisfaction/need",
        source=assumption(),
        description="satisfaction lost when a need expires",
    )
    trust_resolved: Share = param(
        0.04,
        unit="trust/need",
        source=assumption(),
        description="trust in the RC gained when a need is met",
    )
    trust_expired: Share = param(
        0.06,
        unit="trust/need",
        source=assumption(),
        description="trust in the RC lost when a need expires",
    )
    word_of_mouth: Share = param(
        0.3,
        unit="share",
        source=assumption(),
        description="share of an expiry's trust loss felt by each tie (口碑)",
    )
    willingness_from_participation: Share = param(
        0.04,
        unit="scale 0–1",
        source=assumption(),
        description="willingness gained, on its way, by taking part in the window",
    )
    willingness_from_trust: float = param(
        0.3,
        ge=0.0,
        le=2.0,
        unit="willingness per unit trust",
        source=assumption(),
        description="weight of trust in the RC above its start in willingness",
    )
    trust_strangers_from_participation: Share = param(
        0.03,
        unit="scale 0–1",
        source=assumption(),
        description="trust in strangers gained by taking part in the window",
    )
    property_weight: Share = param(
        0.5,
        unit="share",
        source=assumption(),
        description="weight of firm quality in the satisfaction of residents with a firm",
    )


class EpidemicShock(Section):
    """An epidemic: a surge of needs and a lockdown of activities for some weeks."""

    enabled: bool = param(False, unit="flag", source=SWITCH, description="switch the shock on")
    start_week: int = param(
        60,
        ge=1,
        le=5200,
        unit="week",
        source=structural("when the scenario puts the shock"),
        description="first week of the shock",
    )
    duration_weeks: int = param(
        12,
        ge=1,
        le=520,
        unit="weeks",
        source=assumption(),
        description="length of the shock [weeks]",
    )
    activity_factor: Share = param(
        0.25,
        unit="share",
        source=assumption(),
        description="share of activities still held during the lockdown",
    )


class FirmExitShock(Section):
    """Firms that leave their compounds at a given week."""

    enabled: bool = param(False, unit="flag", source=SWITCH, description="switch the shock on")
    week: int = param(
        52,
        ge=1,
        le=5200,
        unit="week",
        source=structural("when the scenario puts the shock"),
        description="week the firms leave",
    )
    share_of_firms: Share = param(
        0.5, unit="share", source=assumption(), description="share of firms that leave"
    )


class ShockParams(Section):
    """Shocks that hit the community during the run."""

    epidemic: EpidemicShock = Field(default_factory=EpidemicShock)
    firm_exit: FirmExitShock = Field(default_factory=FirmExitShock)


class DualReportingParams(Section):
    """Dual reporting (双报到 / 双报告 / 双考核) of paired units and in-service party members.

    The number of paired units is ``community.paired_units``; which in-service members
    work at one is ``community.in_service_at_paired_units``.
    """

    enabled: bool = param(False, unit="flag", source=SWITCH, description="switch dual reporting on")
    units_reporting_share: Share = param(
        1.0,
        unit="share",
        source=from_seed(
            XIAOCHANG,
            "全縣82家機(jī)關(guān)企事業(yè)單位黨組織和3449名在職黨員干部已全部到結(jié)對(duì)社區(qū)和居住地社區(qū)報(bào)到",
            "all units reported",
        ),
        description="share of paired units that report to the community (单位报到)",
    )
    unit_hours_per_week: float = param(
        6.0,
        ge=0.0,
        le=200.0,
        unit="h/week",
        source=assumption(),
        description="volunteer hours a reported unit sends [h/week]",
    )
    unit_yuan_per_year: float = param(
        5000.0,
        ge=0.0,
        le=1e6,
        unit="yuan/year",
        source=assumption(),
        description="money a reported unit gives to the community budget [yuan/year]",
    )
    member_report_share: Share = param(
        0.8,
        unit="share",
        source=assumption(
            "below the full reporting of 3449 members claimed in Xiaochang",
            XIAOCHANG,
            "已全部到結(jié)對(duì)社區(qū)和居住地社區(qū)報(bào)到",
        ),
        description="share of in-service party members who report where they live (党员报到)",
    )
    committed_hours: float = param(
        1.0,
        ge=0.0,
        le=20.0,
        unit="h/week",
        source=assumption(),
        description="hours a reported member commits to take orders [h/week]",
    )
    evaluation_strength: Share = param(
        0.5,
        unit="scale 0–1",
        source=assumption(),
        description="how strongly a paired unit evaluates its members' service (双考核), 0–1",
    )
    other_employer_evaluation: Share = param(
        0.2,
        unit="scale 0–1",
        source=assumption(),
        description="evaluation strength of employers that are not paired units, 0–1",
    )
    nominal_at_no_evaluation: Share = param(
        0.8,
        unit="probability",
        source=assumption("reporting without working (报到不报效), MODEL.md §6a"),
        description="chance a reported member is nominal (reported, inactive) if not evaluated",
    )
    nominal_effort: Share = param(
        0.0,
        unit="share",
        source=assumption(),
        description="share of committed hours a nominal member actually offers",
    )
    leader_share: Share = param(
        0.5,
        unit="probability",
        source=assumption(
            "Xiaochang made 938 of 3449 reported members building leaders (27%)",
            XIAOCHANG,
            "938名45歲以下在職黨員到居住地社區(qū)擔(dān)任樓棟長(zhǎng)",
        ),
        description="chance, times willingness, that an active reported member with the "
        "hours becomes a building leader (楼栋长/单元长)",
    )
    admin_yuan_per_member_year: float = param(
        20.0,
        ge=0.0,
        le=10000.0,
        unit="yuan/member/year",
        source=assumption(),
        description="registering, reporting back and evaluating one member [yuan/year]",
    )


#: The co-opted members of a big party committee, as the Shanghai reform lists them.
_COOPTED = from_seed(
    SHANGHAI,
    "倡导驻区单位、社区民警、业委会、物业公司、社会组织等各方面党员代表,通过相关程序兼任社区党组织成员",
)


class BigPartyCommitteeParams(Section):
    """The big party committee (大党委) and three-party linkage (三方联动) in joint meetings."""

    enabled: bool = param(
        False, unit="flag", source=SWITCH, description="switch the big party committee on"
    )
    coopt_property_firms: bool = param(
        True,
        unit="flag",
        source=_COOPTED,
        description="firms' party members sit on the committee (owner–firm disputes)",
    )
    coopt_owners_committees: bool = param(
        True,
        unit="flag",
        source=_COOPTED,
        description="OCs sit on it; RC members may act for a failing OC",
    )
    coopt_paired_units: bool = param(
        True,
        unit="flag",
        source=_COOPTED,
        description="paired units sit on it and pool resources into the supply list",
    )
    coopt_police: bool = param(
        True,
        unit="flag",
        source=_COOPTED,
        description="the community police officer sits on it",
    )
    coopt_social_organisations: bool = param(
        True,
        unit="flag",
        source=_COOPTED,
        description="social organisations (elder care, charities) sit on it",
    )
    meeting_interval_weeks: int = param(
        4,
        ge=1,
        le=52,
        unit="weeks",
        source=assumption("monthly"),
        description="weeks between joint meetings (联席会议)",
    )
    issues_per_meeting: int = param(
        8,
        ge=0,
        le=200,
        unit="issues/meeting",
        source=assumption(),
        description="disputes one meeting can take up [issues/meeting]",
    )
    meeting_success: Share = param(
        0.75,
        unit="probability",
        source=assumption(),
        description="chance a joint meeting settles a dispute it takes up",
    )
    meeting_cost_yuan: float = param(
        600.0,
        ge=0.0,
        le=1e5,
        unit="yuan/meeting",
        source=assumption(),
        description="cost of one joint meeting [yuan/meeting]",
    )
    pooled_hours_per_unit: float = param(
        3.0,
        ge=0.0,
        le=100.0,
        unit="h/week",
        source=assumption(),
        description="hours each co-opted unit pools into the supply list [h/week]",
    )
    information_flow: Share = param(
        0.3,
        unit="probability",
        source=assumption(),
        description="chance per meeting that a member organisation raises a hidden need it knows",
    )
    rc_acts_for_failing_oc: bool = param(
        True,
        unit="flag",
        source=from_seed(SHANGHAI, "探索由业主大会依法授权居委会代为履行相关职责"),
        description="RC members sit on a non-functional OC and act for it",
    )
    rc_hours_per_acted_oc: float = param(
        4.0,
        ge=0.0,
        le=40.0,
        unit="h/week",
        source=assumption(
            "half a working day a week of one RC member for each owners' committee the RC "
            "acts for (owners' meetings, fee collection, dealing with the firm); not measured",
            SHANGHAI,
            "探索由业主大会依法授权居委会代为履行相关职责",
        ),
        description="RC staff hours a week that acting for one failing owners' committee "
        "takes from residents' needs",
    )
    firm_pressure: Share = param(
        0.15,
        unit="scale 0–1",
        source=assumption(),
        description="extra pressure on co-opted property firms [0-1]",
    )


class PointIncentivesParams(Section):
    """Point incentives (积分管理): points for service, redeemed from the community budget."""

    enabled: bool = param(
        False, unit="flag", source=SWITCH, description="switch point incentives on"
    )
    start_week: int = param(
        1,
        ge=1,
        le=5200,
        unit="week",
        source=structural("schedule, set by the scenario"),
        description="first week points are issued",
    )
    end_week: int = param(
        0,
        ge=0,
        le=5200,
        unit="week",
        source=structural("schedule, set by the scenario (points_withdrawn)"),
        description="week points are withdrawn (0: never); balances stay redeemable",
    )
    points_per_hour: float = param(
        10.0,
        ge=0.0,
        le=1000.0,
        unit="points/hour",
        source=assumption(),
        description="points per hour of service on needs [points/hour]",
    )
    points_per_activity: float = param(
        5.0,
        ge=0.0,
        le=1000.0,
        unit="points/activity",
        source=assumption(),
        description="points per shallow activity attended [points]",
    )
    yuan_per_point: float = param(
        0.1,
        ge=0.0,
        le=100.0,
        unit="yuan/point",
        source=assumption(),
        description="redemption value of a point [yuan/point]",
    )
    redeem_share_per_week: Share = param(
        0.1,
        unit="1/week",
        source=assumption(),
        description="share of a balance its holder redeems a week [1/week]",
    )
    budget_cap_yuan_per_year: float = param(
        30000.0,
        ge=0.0,
        le=1e8,
        unit="yuan/year",
        source=assumption(),
        description="most paid for redeemed points in a year [yuan/year]",
    )
    credibility_smoothing: Share = param(
        0.2,
        unit="share",
        source=assumption(),
        description="weight of this week's share paid in the scheme's credibility (smoothing)",
    )
    extrinsic_max: Share = param(
        0.3,
        unit="scale 0–1",
        source=assumption(),
        description="extrinsic motive of an earner whose points are worth very much a week",
    )
    half_value_yuan_per_week: float = param(
        0.5,
        gt=0.0,
        le=1000.0,
        unit="yuan/week",
        source=assumption(
            "about one activity a week at the default value (5 points × 0.1 yuan) earns half"
        ),
        description=(
            "redeemable value of a resident's recent points a week at which their extrinsic "
            "motive is half its max [yuan/week]"
        ),
    )
    recognition: Share = param(
        0.1,
        unit="scale 0–1",
        source=assumption(
            "star ratings are used; their weight is not",
            XIAOCHANG,
            "探索開展黨員星級(jí)評(píng)定、積分管理",
        ),
        description="extrinsic motivation from star ratings and rankings at five stars (星级)",
    )
    points_per_star: float = param(
        300.0,
        ge=1.0,
        le=1e6,
        unit="points/star",
        source=assumption(),
        description="points earned per star, five stars at most [points]",
    )
    motivation_rate: Share = param(
        0.1,
        unit="1/week",
        source=assumption(),
        description="weekly adjustment of extrinsic motivation toward what points are worth",
    )
    activity_incentive: float = param(
        1.5,
        ge=0.0,
        le=20.0,
        unit="logit per unit extrinsic",
        source=assumption(),
        description=(
            "logit weight of a resident's own extrinsic motive in attending shallow activities "
            "(while activities earn points)"
        ),
    )
    crowding_out: Share = param(
        0.5,
        unit="intrinsic per unit extrinsic",
        source=assumption("the effect from motivation-crowding theory (Frey & Jegen 2001)"),
        description="intrinsic motivation displaced per unit of extrinsic, in earners (0–1)",
    )
    crowding_rate: Share = param(
        0.03,
        unit="1/week",
        source=assumption(),
        description="weekly rate at which earners' intrinsic motivation is displaced",
    )
    earning_window_weeks: int = param(
        12,
        ge=1,
        le=520,
        unit="weeks",
        source=assumption("a quarter, as the participation window"),
        description=(
            "weeks since a resident last earned points during which they count as an earner "
            "(extrinsic motive, crowding-out)"
        ),
    )
    intrinsic_recovery: Share = param(
        0.005,
        unit="1/week",
        source=assumption(),
        description="weekly recovery of intrinsic motivation toward its initial level",
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> PointIncentivesParams:
        if self.end_week and self.end_week <= self.start_week:
            raise ValueError(
                f"end_week ({self.end_week}) must be 0 (never) or after start_week "
                f"({self.start_week})"
            )
        return self


MATCHING_POLICIES = ("first_come", "nearest", "skill_match", "vulnerable_first")

#: Xiaochang's three lists: units, volunteer teams and members take the orders.
_TAKE_ORDERS = from_seed(
    XIAOCHANG,
    "結(jié)對(duì)縣直單位黨組織、志愿服務(wù)隊(duì)和下沉黨員干部及時(shí)領(lǐng)辦工作任務(wù)",
)


class ThreeListsParams(Section):
    """The three-list service model (三单: 群众点单 – 社区派单 – 单位/党员接单)."""

    enabled: bool = param(
        False, unit="flag", source=SWITCH, description="switch the three-list service model on"
    )
    matching: Literal["first_come", "nearest", "skill_match", "vulnerable_first"] = param(
        "skill_match",
        unit="choice",
        source=assumption("the lists are matched (需求清单 and 供给清单 对接); by skill assumed"),
        description="matching policy: first_come, nearest, skill_match or vulnerable_first",
    )
    vulnerable_priority_weeks: int = param(
        1000,
        ge=0,
        le=100000,
        unit="weeks",
        source=assumption("large enough that vulnerable residents always go first"),
        description="under vulnerable_first, weeks earlier a vulnerable resident's need counts",
    )
    residents_first: bool = param(
        True,
        unit="flag",
        source=_TAKE_ORDERS,
        description="volunteers and party members take what they can before RC staff",
    )
    units_on_supply_list: bool = param(
        True,
        unit="flag",
        source=_TAKE_ORDERS,
        description="reported or co-opted paired units are on the supply list",
    )
    listed_overhead: float = param(
        1.15,
        ge=1.0,
        le=5.0,
        unit="multiplier",
        source=assumption(),
        description="time multiplier for a listed volunteer sent anywhere (first_come)",
    )
    nearest_overhead: float = param(
        1.05,
        ge=1.0,
        le=5.0,
        unit="multiplier",
        source=assumption(),
        description="time multiplier when the grid's own team takes it",
    )
    skill_match_overhead: float = param(
        1.0,
        ge=1.0,
        le=5.0,
        unit="multiplier",
        source=assumption(),
        description="time multiplier when matched by skill in the grid",
    )
    skill_match_success: Share = param(
        0.93,
        unit="probability",
        source=assumption(),
        description="chance a volunteer matched by skill resolves the need",
    )
    dispatch_hours_per_need: float = param(
        0.15,
        ge=0.0,
        le=10.0,
        unit="hours",
        source=assumption(),
        description="staff time to list and dispatch one need [hours]",
    )
    platform_yuan_per_week: float = param(
        100.0,
        ge=0.0,
        le=1e5,
        unit="yuan/week",
        source=assumption(),
        description="running the lists (platform, records) [yuan/week]",
    )


class GridManagementParams(Section):
    """Grid management (网格化): grid workers, patrols, 巡办分离, building leaders.

    Households per grid are set by ``structure.households_per_grid`` (the layout).
    """

    enabled: bool = param(
        False, unit="flag", source=SWITCH, description="switch reformed grid management on"
    )
    grid_workers_per_grid: float = param(
        2.0,
        ge=0.0,
        le=10.0,
        unit="workers/grid",
        source=assumption(),
        description="grid workers (网格员) per grid under the reform",
    )
    patrol_households_per_week: float = param(
        80.0,
        ge=0.0,
        le=1000.0,
        unit="households/week",
        source=assumption(),
        description="households one grid worker visits a week",
    )
    patrol_handling_separation: bool = param(
        True,
        unit="flag",
        source=from_seed(ESSAYS, "专职负责网格内事件办结以外的工作", "the reform's 巡办分离"),
        description="patrolling separated from handling (巡办分离)",
    )
    handling_share_unseparated: Share = param(
        0.4,
        unit="share",
        source=assumption(),
        description="share of a grid worker's time spent handling needs when not separated",
    )
    discovery_reluctance_unseparated: Share = param(
        0.3,
        unit="share",
        source=assumption(
            "the effect is reported, not its size", ESSAYS, "促使村干部发现问题的积极性降低"
        ),
        description="share of findings left unreported by grid workers who must handle them",
    )
    building_leader_share: Share = param(
        0.9,
        unit="share",
        source=assumption(
            "short of the full coverage claimed", XIAOCHANG, "確保實(shí)現(xiàn)全覆蓋"
        ),
        description="share of buildings with a building leader (楼栋长) under the reform",
    )
    grid_worker_subsidy_yuan_per_week: float = param(
        100.0,
        ge=0.0,
        le=10000.0,
        unit="yuan/week",
        source=assumption(),
        description="community's share of the cost of each added grid worker [yuan/week]",
    )
    leader_allowance_yuan_per_week: float = param(
        5.0,
        ge=0.0,
        le=1000.0,
        unit="yuan/week",
        source=assumption(),
        description="allowance of each building leader added [yuan/week]",
    )


#: The Karamay essay on community staff (item 2 of issue 11): few young, few graduates.
STAFF_PASSAGE_YOUNG = "35周岁以下的年轻人不足8%"
STAFF_PASSAGE_COLLEGE = "大专及以上文化程度工作人员占比不足31%"
#: Shanghai's 1+6 reform of community workers: a grade ladder, pay above the average wage.
CAREER_LADDER_PASSAGE = "建立岗位等级序列,推进社区工作者队伍专业化建设"
PAY_PASSAGE = "按照高于上年度全市职工平均工资水平的标准,确定社区工作者薪酬待遇"
NEW_STAFF_PASSAGE = "社区工作人员的素质参差不齐,兼具组织协调能力和实用专业知识的“复合型”人才缺乏"


class ProfessionalWorkersParams(Section):
    """Professional community workers (社区工作者职业化): skill, age, turnover, learning."""

    enabled: bool = param(
        False,
        unit="flag",
        source=SWITCH,
        description="switch professional community workers (staff skill and turnover) on",
    )
    initial_young_share: Share = param(
        0.07,
        unit="share",
        source=from_seed(
            ESSAYS,
            STAFF_PASSAGE_YOUNG,
            "Karamay, end of 2015: 'young people under 35 are under 8%' of community staff; "
            "just under that bound",
        ),
        description="share of the staff at the start who are under 35",
    )
    initial_college_share: Share = param(
        0.3,
        unit="share",
        source=from_seed(
            ESSAYS,
            STAFF_PASSAGE_COLLEGE,
            "Karamay: 'staff with junior-college education or above are under 31%'; "
            "just under that bound",
        ),
        description="share of the staff at the start with college education (大专及以上)",
    )
    hire_young_share: Share = param(
        0.5,
        unit="share",
        source=assumption("the reform recruits graduates; half of new staff under 35"),
        description="share of new hires who are under 35",
    )
    hire_college_share: Share = param(
        0.7,
        unit="share",
        source=assumption(
            "grades by education level: 'a grade ladder by post, years of work, education "
            "and professional level'",
            SHANGHAI,
            CAREER_LADDER_PASSAGE,
        ),
        description="share of new hires with college education",
    )
    skill_college: Share = param(
        0.7,
        unit="scale 0–1",
        source=assumption(),
        description="mean skill of a worker with college education",
    )
    skill_other: Share = param(
        0.5,
        unit="scale 0–1",
        source=assumption(
            "staff of uneven quality: 'staff quality is uneven; all-round talent with both "
            "organising ability and practical expertise is lacking'",
            ESSAYS,
            NEW_STAFF_PASSAGE,
        ),
        description="mean skill of a worker without college education",
    )
    skill_sd: float = param(
        0.1,
        ge=0.0,
        le=0.5,
        unit="scale 0–1",
        source=assumption(),
        description="spread (sd) of skill among workers of the same education",
    )
    learning_weeks: int = param(
        26,
        ge=0,
        le=260,
        unit="weeks",
        source=assumption("half a year to know the community's households and units"),
        description="weeks a new worker takes to learn the community (competence ramps up)",
    )
    novice_competence: Share = param(
        0.5,
        unit="share",
        source=assumption(),
        description="share of their skill a new worker brings to bear in their first week",
    )
    quit_rate_young_per_year: Share = param(
        0.25,
        unit="1/year",
        source=assumption("young staff leave for better-paid jobs"),
        description="yearly chance a worker under 35 leaves, without the reform's pay or ladder",
    )
    quit_rate_older_per_year: Share = param(
        0.08,
        unit="1/year",
        source=assumption("older staff leave mostly on retirement"),
        description="yearly chance an older worker leaves (incl. retirement), without the reform",
    )
    pay_above_average_wage: bool = param(
        True,
        unit="flag",
        source=from_seed(
            SHANGHAI,
            PAY_PASSAGE,
            "'set community workers' pay above last year's city-wide average wage'",
        ),
        description="pay above the city's average wage (lowers turnover)",
    )
    pay_quit_reduction: Share = param(
        0.4,
        unit="share",
        source=assumption("the effect is the reform's aim, its size is not reported"),
        description="share by which pay above the average wage lowers the quit rates",
    )
    career_ladder: bool = param(
        True,
        unit="flag",
        source=from_seed(
            SHANGHAI,
            CAREER_LADDER_PASSAGE,
            "'build a ladder of post grades, professionalise the community workforce'",
        ),
        description="a career ladder of post grades (岗位等级序列) (lowers turnover)",
    )
    career_quit_reduction: Share = param(
        0.3,
        unit="share",
        source=assumption("the effect is the reform's aim, its size is not reported"),
        description="share by which a career ladder lowers the quit rates (after pay's)",
    )
    ladder_skill_gain_per_year: float = param(
        0.05,
        ge=0.0,
        le=0.5,
        unit="skill/year",
        source=assumption(
            "grades rewarding qualification: 'encourage full-time community workers to sit "
            "the social workers' professional examination'",
            ESSAYS,
            "鼓励社区专职工作者参加社会工作者职业水平考试",
        ),
        description="skill a worker in post gains a year on the career ladder (up to 1)",
    )
    vacancy_weeks: int = param(
        8,
        ge=0,
        le=104,
        unit="weeks",
        source=assumption("recruiting through the street takes about two months"),
        description="weeks a post stays empty after a worker leaves",
    )
    success_per_competence: float = param(
        0.2,
        ge=0.0,
        le=1.0,
        unit="probability per unit competence",
        source=assumption(),
        description="RC success chance gained per unit of staff competence above the status quo",
    )
    hours_saving_per_competence: float = param(
        0.6,
        ge=0.0,
        le=2.0,
        unit="share per unit competence",
        source=assumption(),
        description="share of staff time per need saved per unit of competence above the "
        "status quo",
    )


ONLINE_GROUPS_PASSAGE = "構建微信羣、QQ羣等,突出基層治理的科技化和高效化特點"
PLATFORM_PASSAGE = "让平台成为群众反馈诉求、监督治理成效、畅通干群联系的桥梁"
ONE_STOP_PASSAGE = "社区事务受理服务中心"


class OnlineChannelsParams(Section):
    """Online and one-stop channels (一门式 / 一网通办, WeChat and QQ groups)."""

    enabled: bool = param(
        False,
        unit="flag",
        source=from_seed(
            FAKU,
            ONLINE_GROUPS_PASSAGE,
            "'build WeChat groups, QQ groups and the like, making grassroots governance "
            "technological and efficient'",
        ),
        description="switch the community's online groups and one-stop desk on",
    )
    use_youth: Share = param(
        0.8,
        unit="share",
        source=assumption(),
        description="share of youth who are in the community's online groups",
    )
    use_working_employed: Share = param(
        0.7,
        unit="share",
        source=assumption("working residents cannot come in office hours"),
        description="share of employed working-age residents in the groups",
    )
    use_working_other: Share = param(
        0.5,
        unit="share",
        source=assumption(),
        description="share of working-age residents without a job in the groups",
    )
    elderly_smartphone_share: Share = param(
        0.4,
        unit="share",
        source=assumption("many elderly residents have no smartphone"),
        description="share of elderly residents with a smartphone",
    )
    use_elderly_with_smartphone: Share = param(
        0.5,
        unit="share",
        source=assumption(),
        description="share of elderly residents with a smartphone who are in the groups",
    )
    weekly_post_rate: Share = param(
        0.3,
        unit="1/week",
        source=assumption("posting in a group costs a minute"),
        description="weekly chance a group member posts a need they have not voiced",
    )
    trust_threshold_offset: float = param(
        0.1,
        ge=0.0,
        le=1.0,
        unit="scale 0–1",
        source=assumption("voicing online takes less trust than walking in"),
        description="how much lower the trust in the RC at which posting is a coin toss is "
        "than channels.voice_trust_threshold",
    )
    desk_dispatch_hours_per_need: float = param(
        0.1,
        ge=0.0,
        le=10.0,
        unit="hours",
        source=assumption(
            "one desk records and routes every need",
            SHANGHAI,
            ONE_STOP_PASSAGE,
        ),
        description="staff time to record and route one need at the one-stop desk [hours]",
    )
    seen_trust_weight: float = param(
        2.0,
        ge=0.0,
        le=20.0,
        unit="multiplier",
        source=assumption(
            "members see the group's posts answered or not: 'a bridge for residents to voice "
            "demands and watch over governance results'",
            ESSAYS,
            PLATFORM_PASSAGE,
        ),
        description="trust the group's members gain or lose from the posts they see answered "
        "or expired, as a multiple of the poster's own feedback, spread over the members",
    )
    platform_yuan_per_week: float = param(
        150.0,
        ge=0.0,
        le=1e5,
        unit="yuan/week",
        source=assumption(),
        description="running the groups, the platform and the desk's records [yuan/week]",
    )


CONTRACT_PASSAGE = "通过购买服务,聘请社区社会组织或由社区居民志愿者负责管理和运营社区服务平台"
SOCIAL_QUALITY_PASSAGE = "存在缺乏专业人才、组织内部管理不规范等问题"
SOCIAL_WORKERS_PASSAGE = "广泛开展社工引领的社区自助、互助和志愿服务"


class SocialOrganisationsParams(Section):
    """Social organisations and social workers (三社联动): contracted care services."""

    enabled: bool = param(
        False,
        unit="flag",
        source=from_seed(
            ESSAYS,
            CONTRACT_PASSAGE,
            "'through purchase of services, engage community social organisations or "
            "resident volunteers to manage and run the community's service platforms'",
        ),
        description="switch contracted social organisations (三社联动) on",
    )
    contracted_hours_per_week: float = param(
        20.0,
        ge=0.0,
        le=400.0,
        unit="h/week",
        source=assumption("half a social worker's week per community"),
        description="social workers' hours a week the community contracts [h/week]",
    )
    yuan_per_hour: float = param(
        40.0,
        ge=0.0,
        le=1000.0,
        unit="yuan/hour",
        source=assumption("a social worker's wage with the organisation's overhead"),
        description="price of one contracted hour [yuan/hour]",
    )
    elder_care: bool = param(
        True,
        unit="flag",
        source=assumption(
            "elder care and care of disabled residents at home (the model's elder-care "
            "needs); 'social-worker-led self-help, mutual help and volunteering'",
            ESSAYS,
            SOCIAL_WORKERS_PASSAGE,
        ),
        description="the contract covers elder-care (and disability) needs",
    )
    micro_wish: bool = param(
        False,
        unit="flag",
        source=assumption(),
        description="the contract covers micro-wishes (微心愿) of poor and disabled residents",
    )
    quality_mean: Share = param(
        0.8,
        unit="probability",
        source=assumption(),
        description="mean chance a contracted organisation resolves a need it takes on",
    )
    quality_concentration: float = param(
        8.0,
        ge=0.5,
        le=1000.0,
        unit="Beta concentration",
        source=assumption(
            "organisations differ: 'lacking professional staff, irregular internal management'",
            ESSAYS,
            SOCIAL_QUALITY_PASSAGE,
        ),
        description="Beta concentration of organisations' quality (lower: more varied)",
    )
    overhead: float = param(
        1.0,
        ge=0.5,
        le=5.0,
        unit="multiplier",
        source=assumption("trained care workers need no more time than the need takes"),
        description="time multiplier of contracted social workers",
    )
    retender_each_year: bool = param(
        True,
        unit="flag",
        source=assumption("services are bought as yearly projects (项目化管理)"),
        description="the contract is tendered again every year (a new organisation's quality)",
    )


class PartyGroupsParams(Section):
    """Party groups at building level; members linking households (党小组建在楼栋 / 党员联系户)."""

    enabled: bool = param(
        False,
        unit="flag",
        source=SWITCH,
        description="switch building-level party groups (members linking households) on",
    )
    min_members: int = param(
        3,
        ge=1,
        le=50,
        unit="members",
        source=assumption(
            "a party group needs a few members; three, the least for a party branch under "
            "the party's rules, is used for a group too",
            ESSAYS,
            "共同生活空间建功能党小组",
        ),
        description="resident party members a building needs to form a party group",
    )
    link_uptake: Share = param(
        0.6,
        unit="probability",
        source=assumption(
            "asked by their group, most members with the hours agree; three times the "
            "unprompted contact_uptake"
        ),
        description="chance, times willingness, that a group member with the hours becomes "
        "a contact for households when asked",
    )


class BurdenReductionParams(Section):
    """Burden reduction and admission of administrative tasks (减负增能 / 社区工作事务准入)."""

    enabled: bool = param(
        False,
        unit="flag",
        source=SWITCH,
        description="switch burden reduction (an admission list for tasks from above) on",
    )
    admission_cap: Share = param(
        0.3,
        unit="share",
        source=assumption(
            "the reform lists the administrative tasks an RC assists with by law and admits "
            "no others; the share of staff time that list takes is not given: 0.3 against "
            "the default 0.5 of tasks from above",
            SHANGHAI,
            "建立社区(村)依法协助行政事务清单和事务准入机制",
        ),
        description="most of staff time tasks from above may take under the admission list",
    )


# ----------------------------------------------------------------- villages and the street
# (issue 11, items 6 and 7). Passages quoted exactly as in the source files.
FAKU_RURAL_PASSAGE = (
    "在農村,充分發揮好村務監督委員會、“四議一審兩公開”、“黨員奉獻日”等組織、工作方法和載體的作用"
)
FAKU_STREET_PASSAGE = (
    "在社區,通過“大工委”建設、社區“兼職委員”等措施,把過去單打一、碎片化的共建組織模式,"
    "推動從“單打獨鬥”向“整體作戰”轉變"
)
SHANGHAI_FOUR_DELIBERATIONS = (
    "切实落实“四议两公开”制度,深化村务公开制度,推进村务事项从结果公开向全程公开转变"
)
SHANGHAI_VILLAGE_STRUCTURE = (
    "在农村,建立健全以村党组织为领导核心,村委会为主导,村民为主体,村务监督委员会、"
    "村集体经济组织和其他主体多方参与的村级治理架构"
)
#: The kinds a community can be (``structure.community_kinds``): ``mixed`` follows
#: ``structure.compound_mix``; a compound kind makes every compound of the community of that
#: kind; ``village`` is a rural village (:class:`VillageParams`).
COMMUNITY_KINDS = ("mixed", "commodity_estate", "old_compound", "work_unit", "village")


class VillageParams(Section):
    """The rural village (村): layout, people and the elected village committee (村委会).

    Used by the communities that ``structure.community_kinds`` names ``village``; a run
    without one never reads these.
    """

    households_per_grid: int = param(
        250,
        ge=50,
        le=1000,
        unit="households",
        source=from_seed(ESSAYS, "农村按照200-300户为基本单元", "mid-range"),
        description="households per rural grid (网格); rural standard 200–300",
    )
    households_per_hamlet: int = param(
        120,
        ge=10,
        le=2000,
        unit="households",
        source=assumption(
            "a villagers' group (湾组 / 村民小组) of about a hundred households, the bottom "
            "level of the rural party organisation",
            XIAOCHANG,
            "在農(nóng)村要完善“鄉(xiāng)鎮(zhèn)黨委-村黨支部-灣組黨小組”為主導(dǎo)的三級(jí)組織體系",
        ),
        description="households in one hamlet or villagers' group (湾组), the village's compound",
    )
    households_per_house_group: int = param(
        12,
        ge=1,
        le=300,
        unit="households",
        source=assumption("neighbouring houses along one lane; the village's 'building'"),
        description="households in one group of neighbouring houses (the village's building)",
    )
    elderly_share: Share = param(
        0.35,
        unit="share",
        source=assumption(
            "villages older than towns once the young leave; the essays' branch",
            ESSAYS,
            "50岁以上党员超过一半",
        ),
        description="share of the villagers who stay that are elderly, before out-migration",
    )
    low_income_share: Share = param(
        0.25,
        unit="share",
        source=assumption("more low-income households than in town compounds"),
        description="share of village households on low income",
    )
    outmigration_share: Share = param(
        0.45,
        unit="share",
        source=assumption(
            "the share is not reported, the pattern is",
            FAKU,
            "能力強、素質高的人才多外出創業就業。農村優秀人才長期在外",
        ),
        description="share of working-age villagers away working (外出务工): they do not "
        "live in the village",
    )
    committee_members: int = param(
        5,
        ge=0,
        le=50,
        unit="cadres",
        source=assumption(
            "an elected village committee of a few members leads village affairs",
            SHANGHAI,
            SHANGHAI_VILLAGE_STRUCTURE,
        ),
        description="members of the elected village committee (村委会), the village's staff",
    )
    committee_hours_per_week: float = param(
        16.0,
        ge=0.0,
        le=80.0,
        unit="h/week",
        source=assumption(
            "cadres farm or work besides: a weak, part-time team",
            FAKU,
            "基層幹部隊伍普遍存在整體水平不高、缺乏年輕幹部、工作方式方法和能力素質不足等問題",
        ),
        description="paid hours a week one village cadre gives the committee [h/week]",
    )


class FourDeliberationsParams(Section):
    """Four deliberations and two disclosures (四议两公开) for a village's collective matters."""

    enabled: bool = param(
        False, unit="flag", source=SWITCH, description="switch 四议两公开 on (villages only)"
    )
    interval_weeks: int = param(
        4,
        ge=1,
        le=52,
        unit="weeks",
        source=assumption("a monthly villagers' representatives' meeting"),
        description="weeks between villagers' representatives' meetings [weeks]",
    )
    matters_per_meeting: int = param(
        6,
        ge=0,
        le=200,
        unit="matters",
        source=assumption(),
        description="collective matters (repairs, environment) one meeting deliberates",
    )
    cadre_hours_per_matter: float = param(
        2.0,
        ge=0.0,
        le=40.0,
        unit="hours",
        source=assumption(
            "branch proposal, joint meeting of the two committees, party members' meeting, "
            "representatives' meeting: the procedure costs the cadres time",
            SHANGHAI,
            SHANGHAI_FOUR_DELIBERATIONS,
        ),
        description="village committee hours the four deliberations take per matter [hours]",
    )
    invite_share: Share = param(
        0.08,
        unit="probability",
        source=assumption("one representative per 10–15 households, with the party members"),
        description="chance a villager is invited to deliberate in a meeting week",
    )
    disclosure_weight: Share = param(
        0.5,
        unit="share",
        source=assumption(
            "results disclosed are seen by the whole grid, not only by who raised the matter",
            FAKU,
            FAKU_RURAL_PASSAGE,
        ),
        description="weight, relative to one's own need, of a disclosed matter of one's grid "
        "on trust in the committee",
    )
    meeting_cost_yuan: float = param(
        300.0,
        ge=0.0,
        le=1e5,
        unit="yuan",
        source=assumption(),
        description="cost of one round of deliberations and disclosures [yuan]",
    )


class VillageSupervisionParams(Section):
    """The village affairs supervision committee (村务监督委员会)."""

    enabled: bool = param(
        False, unit="flag", source=SWITCH, description="switch the supervision committee on"
    )
    review_interval_weeks: int = param(
        4,
        ge=1,
        le=52,
        unit="weeks",
        source=assumption("a monthly review of village affairs and accounts"),
        description="weeks between the committee's reviews [weeks]",
    )
    cases_per_review: int = param(
        4,
        ge=0,
        le=200,
        unit="disputes",
        source=assumption(),
        description="villagers' open disputes one review takes up before they escalate",
    )
    settle_success: Share = param(
        0.5,
        unit="probability",
        source=assumption(
            "villagers' own supervisors are heard where cadres are not",
            FAKU,
            FAKU_RURAL_PASSAGE,
        ),
        description="chance a dispute the supervision committee takes up is settled",
    )
    members: int = param(
        3,
        ge=0,
        le=20,
        unit="members",
        source=assumption("three to five elected villagers"),
        description="elected members of the supervision committee",
    )
    allowance_yuan_per_week: float = param(
        10.0,
        ge=0.0,
        le=1000.0,
        unit="yuan/week",
        source=assumption(),
        description="allowance of each supervision committee member [yuan/week]",
    )


class DedicationDayParams(Section):
    """Party members' dedication day (党员奉献日)."""

    enabled: bool = param(
        False, unit="flag", source=SWITCH, description="switch party members' dedication day on"
    )
    interval_weeks: int = param(
        4,
        ge=1,
        le=52,
        unit="weeks",
        source=assumption("a fixed day each month", FAKU, FAKU_RURAL_PASSAGE),
        description="weeks between dedication days [weeks]",
    )
    hours_per_member: float = param(
        3.0,
        ge=0.0,
        le=24.0,
        unit="hours",
        source=assumption("half a day of service"),
        description="hours each party member living in the community gives on the day [hours]",
    )
    cost_yuan_per_day: float = param(
        200.0,
        ge=0.0,
        le=1e5,
        unit="yuan",
        source=assumption("tools and materials"),
        description="cost of one dedication day per community [yuan]",
    )


class StreetPoolParams(Section):
    """The street (街道): its own staff, sent to the communities where the backlog is."""

    enabled: bool = param(
        False, unit="flag", source=SWITCH, description="switch the street's staff pool on"
    )
    staff: int = param(
        20,
        ge=0,
        le=500,
        unit="workers",
        source=assumption("a street office's staff for community affairs"),
        description="street staff who can be sent to its communities",
    )
    hours_per_week: float = param(
        8.0,
        ge=0.0,
        le=80.0,
        unit="h/week",
        source=assumption(
            "paid by the district, not from community funds; most of their time is the "
            "street's own work",
            SHANGHAI,
            "街道经费支出由区政府全额保障",
        ),
        description="hours a week each street worker gives to communities' needs [h/week]",
    )


class BigWorkingCommitteeParams(Section):
    """The street's big working committee (大工委) with part-time members (兼职委员)."""

    enabled: bool = param(
        False, unit="flag", source=SWITCH, description="switch the big working committee on"
    )
    coopt_share: Share = param(
        0.5,
        unit="share",
        source=assumption(
            "unit party leaders co-opted as part-time members",
            XIAOCHANG,
            "社會(huì)組織等組織的黨組織負(fù)責(zé)人吸納為兼職委員",
        ),
        description="share of the street's paired units whose party leader becomes a "
        "part-time member",
    )
    extra_hours_per_unit: float = param(
        6.0,
        ge=0.0,
        le=200.0,
        unit="h/week",
        source=assumption("a part-time member commits the unit to more than a pairing does"),
        description="hours a week a co-opted unit adds to what it gave [h/week]",
    )
    pool_across_street: bool = param(
        True,
        unit="flag",
        source=from_seed(FAKU, FAKU_STREET_PASSAGE, "from fighting alone to fighting as a whole"),
        description="co-opted units' hours go where the street's backlog is, not only to "
        "their own community",
    )


class LeaderContactParams(Section):
    """Higher-level leaders assigned point to point to communities (包联 / 领导包保)."""

    enabled: bool = param(
        False, unit="flag", source=SWITCH, description="switch leaders' point-to-point contact on"
    )
    leaders: int = param(
        3,
        ge=0,
        le=50,
        unit="leaders",
        source=from_seed(
            XIAOCHANG,
            "實(shí)行單位結(jié)對(duì)、領(lǐng)導(dǎo)包保、干部下沉",
            "the weakest first",
        ),
        description="leaders each assigned to one community, the weakest (most old-compound "
        "and village households) first",
    )
    department_hours_per_week: float = param(
        12.0,
        ge=0.0,
        le=400.0,
        unit="h/week",
        source=assumption("cadres of the leader's department sent down (干部下沉)"),
        description="staff hours a week the leader's department sends the community [h/week]",
    )
    yuan_per_year: float = param(
        20000.0,
        ge=0.0,
        le=1e7,
        unit="yuan/year",
        source=assumption(),
        description="money the leader brings the community each year [yuan/year]",
    )
    reporting_hours_per_week: float = param(
        6.0,
        ge=0.0,
        le=400.0,
        unit="h/week",
        source=assumption(
            "reports, ledgers and visits prepared for the leader",
            FAKU,
            "“上面千條線,下面一針眼”",
        ),
        description="community staff hours a week taken by reporting to the leader [h/week]",
    )


class MechanismsParams(Section):
    """The governance mechanisms of MODEL.md section 4; each off unless ``enabled``."""

    dual_reporting: DualReportingParams = Field(default_factory=DualReportingParams)
    big_party_committee: BigPartyCommitteeParams = Field(default_factory=BigPartyCommitteeParams)
    point_incentives: PointIncentivesParams = Field(default_factory=PointIncentivesParams)
    three_lists: ThreeListsParams = Field(default_factory=ThreeListsParams)
    grid_management: GridManagementParams = Field(default_factory=GridManagementParams)
    burden_reduction: BurdenReductionParams = Field(default_factory=BurdenReductionParams)
    party_groups: PartyGroupsParams = Field(default_factory=PartyGroupsParams)
    social_organisations: SocialOrganisationsParams = Field(
        default_factory=SocialOrganisationsParams
    )
    online_channels: OnlineChannelsParams = Field(default_factory=OnlineChannelsParams)
    professional_workers: ProfessionalWorkersParams = Field(
        default_factory=ProfessionalWorkersParams
    )
    four_deliberations: FourDeliberationsParams = Field(default_factory=FourDeliberationsParams)
    village_supervision: VillageSupervisionParams = Field(default_factory=VillageSupervisionParams)
    dedication_day: DedicationDayParams = Field(default_factory=DedicationDayParams)
    street_pool: StreetPoolParams = Field(default_factory=StreetPoolParams)
    big_working_committee: BigWorkingCommitteeParams = Field(
        default_factory=BigWorkingCommitteeParams
    )
    leader_contact: LeaderContactParams = Field(default_factory=LeaderContactParams)


#: What a scenario's or experiment's name may hold: it names a folder of results.
NAME_PATTERN = r"^[A-Za-z0-9_-]+$"
#: Longest name, in characters.
MAX_NAME = 100
#: Longest description, in characters.
MAX_DESCRIPTION = 20_000

#: Scenario metadata: what the scenario is called and says, not model parameters.
_META = structural("scenario metadata, not a model parameter")


class Scenario(Section):
    """A fully resolved scenario: every parameter of one run."""

    name: str = param(
        "default",
        unit="text",
        source=_META,
        description="scenario name: letters, digits, _ and - (it names the output folder)",
        pattern=NAME_PATTERN,
        max_length=MAX_NAME,
    )
    description: str = param(
        "",
        unit="text",
        source=_META,
        description="what the scenario shows, in plain words",
        max_length=MAX_DESCRIPTION,
    )
    description_zh: str = param(
        "",
        unit="text",
        source=_META,
        description="the description in Chinese",
        max_length=MAX_DESCRIPTION,
    )
    run: RunParams = Field(default_factory=RunParams)
    structure: StructureParams = Field(default_factory=StructureParams)
    population: PopulationParams = Field(default_factory=PopulationParams)
    needs: NeedsParams = Field(default_factory=NeedsParams)
    channels: ChannelParams = Field(default_factory=ChannelParams)
    community: CommunityParams = Field(default_factory=CommunityParams)
    supply: SupplyParams = Field(default_factory=SupplyParams)
    visits: VisitParams = Field(default_factory=VisitParams)
    firms: FirmParams = Field(default_factory=FirmParams)
    owners_committees: OwnersCommitteeParams = Field(default_factory=OwnersCommitteeParams)
    disputes: DisputeParams = Field(default_factory=DisputeParams)
    participation: ParticipationParams = Field(default_factory=ParticipationParams)
    adaptation: AdaptationParams = Field(default_factory=AdaptationParams)
    shocks: ShockParams = Field(default_factory=ShockParams)
    mechanisms: MechanismsParams = Field(default_factory=MechanismsParams)
    village: VillageParams = Field(default_factory=VillageParams)

    _source_files: list[Path] = PrivateAttr(default_factory=list)

    @property
    def source_files(self) -> list[Path]:
        """The files this scenario was read from: its own and its ``extends`` chain."""
        return list(self._source_files)

    def flat(self) -> dict[str, Any]:
        """Return every parameter as a flat ``{"section.key": value}`` mapping."""
        return flatten(self.model_dump())


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten nested dicts into dotted keys."""
    out: dict[str, Any] = {}
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, dotted + "."))
        else:
            out[dotted] = value
    return out


#: What :func:`parameter_table` reads from a field's ``json_schema_extra``.
_META_KEYS = ("unit", "source", "source_class", "seed_file", "seed_passage")


def _field_meta(field: Any) -> dict[str, str]:
    extra = field.json_schema_extra
    if not isinstance(extra, dict):
        return {}
    return {k: str(extra[k]) for k in _META_KEYS if k in extra}


def parameter_table() -> list[dict[str, Any]]:
    """Return one row per parameter of the schema.

    Each row has ``key``, ``default``, ``min``, ``max``, ``description``, ``unit``,
    ``source``, ``source_class`` (one of :data:`SOURCE_CLASSES`) and, for seeds,
    ``seed_file`` and ``seed_passage`` (else empty). A value inside a nested table without
    its own unit and source (``population.elderly_share.old_compound``) takes the table's.

    Used by the docs test (``docs/ODD.md`` must list every parameter), the parameter
    tests and the app.
    """
    rows: list[dict[str, Any]] = []

    def walk(
        model: type[BaseModel], instance: BaseModel, prefix: str, inherited: dict[str, str]
    ) -> None:
        for name, field in model.model_fields.items():
            value = getattr(instance, name)
            key = f"{prefix}{name}"
            meta = _field_meta(field) or inherited
            if isinstance(value, BaseModel):
                walk(type(value), value, key + ".", meta)
                continue
            lo = hi = None
            for m in field.metadata:
                lo = getattr(m, "ge", None) if getattr(m, "ge", None) is not None else lo
                lo = getattr(m, "gt", None) if getattr(m, "gt", None) is not None else lo
                hi = getattr(m, "le", None) if getattr(m, "le", None) is not None else hi
            rows.append(
                {
                    "key": key,
                    "default": value,
                    "min": lo,
                    "max": hi,
                    "description": field.description or "",
                    "unit": meta.get("unit", ""),
                    "source": meta.get("source", ""),
                    "source_class": meta.get("source_class", ""),
                    "seed_file": meta.get("seed_file", ""),
                    "seed_passage": meta.get("seed_passage", ""),
                }
            )

    walk(Scenario, Scenario(), "", {})
    return rows


def source_counts(rows: list[dict[str, Any]] | None = None) -> dict[str, int]:
    """Return how many parameters have each source class (metadata excluded).

    Args:
        rows: rows of :func:`parameter_table`; all of them if None.
    """
    rows = parameter_table() if rows is None else rows
    counts = dict.fromkeys(SOURCE_CLASSES, 0)
    for row in rows:
        if "." in row["key"]:  # the top-level keys are the scenario's name and descriptions
            counts[row["source_class"]] = counts.get(row["source_class"], 0) + 1
    return counts
