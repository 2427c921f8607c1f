"""Typed, validated parameters of the model.

A scenario file maps onto :class:`Scenario`. Every section is a pydantic model that forbids
unknown keys, so a typo is an error rather than a silent default; every number has bounds
and a description that states its unit. ``docs/ODD.md`` lists every parameter with its
default and range (a test checks that the two agree).

Units: time in weeks (one step is one week), money in yuan, work in hours.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

Share = Annotated[float, Field(ge=0.0, le=1.0)]


class Section(BaseModel):
    """Base of every parameter section: unknown keys and wrong types are errors."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class ByCompoundType(Section):
    """A value for each kind of compound (小区)."""

    commodity_estate: float = Field(description="commodity estate (商品房小区) with a firm")
    old_compound: float = Field(description="old 'three-no' compound (三无小区)")
    work_unit: float = Field(description="work-unit compound (单位小区)")


class ShareByCompoundType(ByCompoundType):
    """A share in [0, 1] for each kind of compound."""

    commodity_estate: Share
    old_compound: Share
    work_unit: Share


class RunParams(Section):
    """How long to run and with which seed."""

    steps: int = Field(260, ge=1, le=5200, description="weeks to simulate [weeks]")
    seed: int = Field(20240601, ge=0, le=2**63 - 1, description="master seed")


class StructureParams(Section):
    """Community → grids → compounds → buildings → households, and social ties."""

    communities: int = Field(1, ge=1, le=50, description="communities (社区) in the run")
    households_per_community: int = Field(
        3000, ge=50, le=20000, description="households per community [households]"
    )
    household_size: float = Field(2.5, ge=1.0, le=5.0, description="mean residents per household")
    households_per_grid: int = Field(
        400, ge=50, le=1000, description="households per grid (网格); urban standard 300–500"
    )
    households_per_building: int = Field(
        36, ge=4, le=300, description="households per building (楼栋)"
    )
    compound_mix: ShareByCompoundType = Field(
        default_factory=lambda: ShareByCompoundType(
            commodity_estate=0.5, old_compound=0.3, work_unit=0.2
        ),
        description="share of households living in each kind of compound (sums to 1)",
    )
    compound_households: ByCompoundType = Field(
        default_factory=lambda: ByCompoundType(
            commodity_estate=600, old_compound=150, work_unit=300
        ),
        description="typical households in one compound of each kind",
    )
    ties_per_resident: float = Field(
        6.0, ge=0.0, le=30.0, description="mean social ties per resident"
    )
    share_ties_outside_building: Share = Field(
        0.2, description="share of ties to residents of other buildings in the same grid"
    )

    @model_validator(mode="after")
    def _mix_sums_to_one(self) -> StructureParams:
        mix = self.compound_mix
        total = mix.commodity_estate + mix.old_compound + mix.work_unit
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"compound_mix shares must sum to 1, they sum to {total:.4g}")
        for kind in ("commodity_estate", "old_compound", "work_unit"):
            if getattr(self.compound_households, kind) < 1:
                raise ValueError(f"compound_households.{kind} must be at least 1")
        return self


class PopulationParams(Section):
    """Who the residents are, and their initial dispositions."""

    elderly_share: ShareByCompoundType = Field(
        default_factory=lambda: ShareByCompoundType(
            commodity_estate=0.16, old_compound=0.36, work_unit=0.26
        ),
        description="share of residents aged 60+ by compound kind",
    )
    youth_share: Share = Field(0.2, description="share of residents under 30")
    low_income_share: ShareByCompoundType = Field(
        default_factory=lambda: ShareByCompoundType(
            commodity_estate=0.08, old_compound=0.3, work_unit=0.15
        ),
        description="share of households on low income (低保/低收入) by compound kind",
    )
    unemployment_rate: Share = Field(0.1, description="share of working-age residents not employed")
    party_member_share: Share = Field(0.08, description="share of residents who are party members")
    in_service_share: Share = Field(
        0.45, description="share of party members who are in-service (在职), working elsewhere"
    )
    volunteer_share: Share = Field(
        0.05, description="initial share of residents in volunteer teams"
    )
    willingness_mean: Share = Field(
        0.417,
        description="mean latent willingness to take part in public affairs (calibrated: C1)",
    )
    willingness_concentration: float = Field(
        5.0, ge=0.5, le=100.0, description="Beta concentration of willingness (higher: less spread)"
    )
    willingness_shift_elderly: float = Field(
        0.12, ge=-0.5, le=0.5, description="added to willingness of the elderly"
    )
    willingness_shift_low_income: float = Field(
        0.05, ge=-0.5, le=0.5, description="added to willingness of low-income residents"
    )
    trust_rc_mean: Share = Field(0.55, description="mean initial trust in the RC (居委会)")
    trust_strangers_mean: Share = Field(
        0.3955,
        description="mean initial trust in strangers in one's own community (calibrated: C4)",
    )
    trust_concentration: float = Field(
        6.0, ge=0.5, le=100.0, description="Beta concentration of initial trust values"
    )
    satisfaction_mean: Share = Field(0.6, description="mean initial satisfaction with services")


class NeedCategory(Section):
    """One kind of need: how often it arises, how much work it takes, how long one waits."""

    rate: float = Field(ge=0.0, le=1.0, description="needs per resident per week [1/week]")
    hours: float = Field(gt=0.0, le=100.0, description="work to resolve one [hours]")
    patience_weeks: int = Field(ge=1, le=104, description="weeks before an open need expires")
    property_service: bool = Field(description="handled by the property firm where there is one")
    elderly_factor: float = Field(
        1.0, ge=0.0, le=20.0, description="rate multiplier for the elderly"
    )
    low_income_factor: float = Field(
        1.0, ge=0.0, le=20.0, description="rate multiplier for low-income residents"
    )
    old_compound_factor: float = Field(
        1.0, ge=0.0, le=20.0, description="rate multiplier in old compounds"
    )
    epidemic_factor: float = Field(
        1.0, ge=0.0, le=20.0, description="rate multiplier while an epidemic shock is on"
    )


NEED_CATEGORIES = ("repair", "elder_care", "environment", "safety", "paperwork", "micro_wish")


class NeedsParams(Section):
    """Needs residents raise (群众点单): repairs, care, environment, safety, paperwork, 微心愿."""

    rate_scale: float = Field(1.0, ge=0.0, le=10.0, description="multiplies every need rate")
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
            elderly_factor=5.0,
            low_income_factor=1.3,
            epidemic_factor=2.5,
        )
    )
    environment: NeedCategory = Field(
        default_factory=lambda: NeedCategory(
            rate=0.004, hours=2.0, patience_weeks=8, property_service=True, old_compound_factor=1.5
        )
    )
    safety: NeedCategory = Field(
        default_factory=lambda: NeedCategory(
            rate=0.002, hours=2.0, patience_weeks=3, property_service=False, epidemic_factor=2.0
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

    building_leader_reach: Share = Field(
        0.6, description="chance a building leader (楼栋长) hears of a need in their building"
    )
    grid_worker_reach: Share = Field(
        0.25, description="chance a grid worker hears of a need without patrolling"
    )
    online_reach_youth: Share = Field(0.7, description="chance the online channel reaches youth")
    online_reach_working_age: Share = Field(0.55, description="online reach, working-age")
    online_reach_elderly: Share = Field(0.12, description="online reach, elderly")
    walk_in_reach_elderly: Share = Field(0.45, description="chance an elderly resident walks in")
    walk_in_reach_others: Share = Field(0.15, description="chance others walk in")
    voice_trust_threshold: Share = Field(
        0.45, description="trust in the RC at which voicing a need is a coin toss"
    )
    voice_trust_slope: float = Field(
        8.0, ge=0.0, le=50.0, description="steepness of voicing against trust in the RC"
    )
    hidden_revoice_rate: Share = Field(
        0.04, description="weekly chance a hidden need is voiced after all [1/week]"
    )
    grievance_per_hidden_week: float = Field(
        0.01, ge=0.0, le=0.2, description="satisfaction lost per week a need stays hidden"
    )


class CommunityParams(Section):
    """The community party organisation and residents' committee (社区党组织 + 居委会)."""

    households_per_worker: float = Field(
        300.0,
        ge=10.0,
        le=5000.0,
        description="households per community worker (社区工作者), the staffing standard",
    )
    community_workers: int | None = Field(
        None,
        ge=0,
        le=200,
        description="community workers per community; unset: households / households_per_worker",
    )
    hours_per_worker: float = Field(40.0, ge=0.0, le=80.0, description="paid hours a week [h/week]")
    share_time_on_needs: Share = Field(
        0.5, description="share of workers' time on residents' needs (the rest: administration)"
    )
    dispatch_hours_per_need: float = Field(
        0.3, ge=0.0, le=10.0, description="staff time to record and dispatch one need [hours]"
    )
    grid_workers_per_grid: float = Field(
        1.0, ge=0.0, le=10.0, description="grid workers (网格员) per grid"
    )
    patrol_households_per_week: float = Field(
        60.0, ge=0.0, le=1000.0, description="households one grid worker visits a week on patrol"
    )
    building_leader_share: Share = Field(
        0.3, description="share of buildings with a building leader (楼栋长)"
    )
    budget_yuan_per_year: float = Field(
        200000.0, ge=0.0, le=1e8, description="community work funds [yuan/year] (C6: ≥100,000)"
    )
    activity_cost_yuan: float = Field(
        6.0, ge=0.0, le=1000.0, description="cost of one resident's place at an activity [yuan]"
    )
    rc_success: Share = Field(0.95, description="chance RC staff resolve a need they take on")
    paired_units: int = Field(
        8, ge=0, le=500, description="units stationed in or paired with the community (结对单位)"
    )
    in_service_at_paired_units: Share = Field(
        0.4, description="share of in-service party members employed by a paired unit"
    )


class SupplyParams(Section):
    """Volunteers and party members who take orders (接单)."""

    volunteer_max_hours: float = Field(
        4.0, ge=0.0, le=40.0, description="most hours a volunteer gives in a week [h/week]"
    )
    resident_member_max_hours: float = Field(
        2.0, ge=0.0, le=40.0, description="most hours a resident party member gives [h/week]"
    )
    volunteer_success: Share = Field(
        0.85, description="chance volunteers resolve a need they take on"
    )
    ad_hoc_overhead: float = Field(
        1.3, ge=1.0, le=5.0, description="extra time for a volunteer sent ad hoc (travel, skill)"
    )
    burnout_threshold: float = Field(
        3.0, ge=0.0, le=40.0, description="weekly hours above which volunteers tire [h/week]"
    )
    burnout_rate: float = Field(0.03, ge=0.0, le=1.0, description="burnout per hour over threshold")
    burnout_recovery: Share = Field(0.1, description="share of burnout recovered a week")
    recruit_rate: Share = Field(
        0.002, description="weekly chance a willing, participating resident joins a team"
    )
    quit_rate: Share = Field(
        0.004,
        description="weekly chance a volunteer with no motivation left quits (× 1 − motivation)",
    )
    intrinsic_mean: Share = Field(0.6, description="mean intrinsic motivation of volunteers")


class FirmParams(Section):
    """Property-service firms (物业服务企业): fees, effort, quality, exit."""

    present_share: ShareByCompoundType = Field(
        default_factory=lambda: ShareByCompoundType(
            commodity_estate=1.0, old_compound=0.0, work_unit=0.5
        ),
        description="share of compounds of each kind served by a property firm",
    )
    fee_yuan_per_household_week: float = Field(
        25.0, ge=0.0, le=1000.0, description="property fee due [yuan/household/week]"
    )
    staff_per_100_households: float = Field(
        1.5, ge=0.0, le=20.0, description="firm staff per 100 households served"
    )
    staff_cost_yuan_week: float = Field(
        1600.0, ge=0.0, le=20000.0, description="cost of one staff member [yuan/week]"
    )
    request_share_of_staff_time: Share = Field(
        0.08, description="share of firm staff time for residents' requests"
    )
    initial_quality: Share = Field(0.65, description="service quality of a new firm")
    effort_adjustment: Share = Field(
        0.08, description="weekly adjustment of effort toward what income allows"
    )
    effort_per_income: float = Field(
        0.7, ge=0.0, le=2.0, description="effort a firm puts in per unit of income/cost ratio"
    )
    pressure_weight: float = Field(
        0.15, ge=0.0, le=2.0, description="effort added per unit of pressure from OC and RC"
    )
    rc_pressure: Share = Field(0.2, description="pressure the RC puts on firms")
    pay_threshold: Share = Field(
        0.35, description="satisfaction at which paying the fee is a coin toss"
    )
    pay_slope: float = Field(
        10.0, ge=0.0, le=50.0, description="steepness of paying against satisfaction"
    )
    pay_ceiling: Share = Field(0.97, description="share who pay however satisfied")
    exit_income_ratio: float = Field(
        0.8, ge=0.0, le=2.0, description="income/cost below which, sustained, the firm exits"
    )
    exit_window_weeks: int = Field(26, ge=1, le=260, description="weeks of low income before exit")
    unmanaged_service: Share = Field(
        0.35, description="service level residents see in a compound with no firm"
    )
    replacement_weeks: int = Field(
        12, ge=1, le=260, description="weeks a functional OC needs to hire a new firm"
    )


class OwnersCommitteeParams(Section):
    """Owners' committees (业主委员会)."""

    present_share: ShareByCompoundType = Field(
        default_factory=lambda: ShareByCompoundType(
            commodity_estate=0.8, old_compound=0.0, work_unit=0.4
        ),
        description="share of compounds of each kind with an OC",
    )
    functional_share: Share = Field(0.6, description="share of OCs that function")
    activeness_mean: Share = Field(0.45, description="mean activeness of a functional OC")
    mediation_rate: Share = Field(
        0.3, description="weekly chance a fully active OC settles an open dispute"
    )
    replace_satisfaction: Share = Field(
        0.3, description="owners' mean satisfaction below which an OC votes the firm out"
    )


class DisputeParams(Section):
    """Disputes between owners and firms and among neighbours."""

    owner_firm_rate: float = Field(
        0.004, ge=0.0, le=1.0, description="owner–firm disputes per household-week at zero quality"
    )
    neighbour_rate: float = Field(
        0.0008, ge=0.0, le=1.0, description="neighbour disputes per household-week"
    )
    old_compound_factor: float = Field(
        1.5, ge=0.0, le=10.0, description="neighbour-dispute multiplier in old compounds"
    )
    rc_hours_per_dispute: float = Field(
        2.0, ge=0.0, le=40.0, description="RC staff time to mediate one dispute [hours]"
    )
    rc_mediation_share: Share = Field(
        0.1, description="share of the RC's needs time it may put into mediation"
    )
    rc_success_neighbour: Share = Field(
        0.8, description="chance an RC mediation settles a neighbour dispute"
    )
    rc_success_owner_firm: Share = Field(
        0.3, description="chance an RC mediation settles an owner–firm dispute (weak authority)"
    )
    building_leader_mediation: Share = Field(
        0.25, description="weekly chance a building leader settles a neighbour dispute"
    )
    escalation_weeks: int = Field(
        4, ge=1, le=52, description="weeks unmediated before a dispute escalates (信访)"
    )
    conflict_per_escalation: Share = Field(
        0.05, description="OC–firm conflict added per escalation"
    )
    conflict_decay: Share = Field(0.02, description="weekly decay of OC–firm conflict")
    trust_loss_per_escalation: Share = Field(
        0.005, description="trust in the RC lost by the compound's residents per escalation"
    )


class ParticipationParams(Section):
    """Shallow and deep participation (logit of weekly attendance)."""

    window_weeks: int = Field(12, ge=1, le=104, description="rolling window of participation rates")
    unwilling_threshold: Share = Field(
        0.5, description="willingness below which a resident counts as unwilling (C1)"
    )
    shallow_intercept: float = Field(
        -6.6, ge=-20.0, le=20.0, description="logit intercept, shallow"
    )
    deep_intercept: float = Field(
        -8.94, ge=-20.0, le=20.0, description="logit intercept, deep (calibrated: C3)"
    )
    willingness_weight: float = Field(
        4.0, ge=0.0, le=20.0, description="logit weight of willingness"
    )
    deep_willingness_weight: float = Field(
        6.0, ge=0.0, le=20.0, description="logit weight of willingness for deep participation"
    )
    trust_weight: float = Field(1.5, ge=0.0, le=20.0, description="logit weight of trust in the RC")
    peer_weight: float = Field(
        2.0, ge=0.0, le=20.0, description="logit weight of the share of ties who took part"
    )
    invitation_weight: float = Field(
        1.2, ge=0.0, le=20.0, description="logit weight of an invitation this week"
    )
    time_cost_employed: float = Field(
        1.0, ge=0.0, le=20.0, description="logit penalty for employed working-age residents"
    )
    elderly_time_bonus: float = Field(
        0.364,
        ge=-5.0,
        le=5.0,
        description="logit bonus of the elderly (more free time) (calibrated: C2)",
    )
    invitations_per_leader: float = Field(
        6.0, ge=0.0, le=200.0, description="neighbours a building leader invites a week"
    )


class AdaptationParams(Section):
    """Slow updating of willingness, trust and satisfaction from experience."""

    rate: Share = Field(0.03, description="weekly rate of return toward the experienced level")
    satisfaction_resolved: Share = Field(0.08, description="satisfaction gained when a need is met")
    satisfaction_expired: Share = Field(0.12, description="satisfaction lost when a need expires")
    trust_resolved: Share = Field(0.04, description="trust in the RC gained when a need is met")
    trust_expired: Share = Field(0.06, description="trust in the RC lost when a need expires")
    word_of_mouth: Share = Field(
        0.3, description="share of an expiry's trust loss felt by each tie (口碑)"
    )
    willingness_from_participation: Share = Field(
        0.04, description="willingness gained, on its way, by taking part in the window"
    )
    willingness_from_trust: float = Field(
        0.3, ge=0.0, le=2.0, description="weight of trust in the RC above its start in willingness"
    )
    trust_strangers_from_participation: Share = Field(
        0.03, description="trust in strangers gained by taking part in the window"
    )
    property_weight: Share = Field(
        0.5, description="weight of firm quality in the satisfaction of residents with a firm"
    )


class EpidemicShock(Section):
    """An epidemic: a surge of needs and a lockdown of activities for some weeks."""

    enabled: bool = Field(False, description="switch the shock on")
    start_week: int = Field(60, ge=1, le=5200, description="first week of the shock")
    duration_weeks: int = Field(12, ge=1, le=520, description="length of the shock [weeks]")
    activity_factor: Share = Field(
        0.25, description="share of activities still held during the lockdown"
    )


class FirmExitShock(Section):
    """Firms that leave their compounds at a given week."""

    enabled: bool = Field(False, description="switch the shock on")
    week: int = Field(52, ge=1, le=5200, description="week the firms leave")
    share_of_firms: Share = Field(0.5, description="share of firms that leave")


class ShockParams(Section):
    """Shocks that hit the community during the run."""

    epidemic: EpidemicShock = Field(default_factory=EpidemicShock)
    firm_exit: FirmExitShock = Field(default_factory=FirmExitShock)


class DualReportingParams(Section):
    """Dual reporting (双报到 / 双报告 / 双考核) of paired units and in-service party members.

    The number of paired units is ``community.paired_units``; which in-service members
    work at one is ``community.in_service_at_paired_units``.
    """

    enabled: bool = Field(False, description="switch dual reporting on")
    units_reporting_share: Share = Field(
        1.0, description="share of paired units that report to the community (单位报到)"
    )
    unit_hours_per_week: float = Field(
        6.0, ge=0.0, le=200.0, description="volunteer hours a reported unit sends [h/week]"
    )
    unit_yuan_per_year: float = Field(
        5000.0,
        ge=0.0,
        le=1e6,
        description="money a reported unit gives to the community budget [yuan/year]",
    )
    member_report_share: Share = Field(
        0.8, description="share of in-service party members who report where they live (党员报到)"
    )
    committed_hours: float = Field(
        1.0, ge=0.0, le=20.0, description="hours a reported member commits to take orders [h/week]"
    )
    evaluation_strength: Share = Field(
        0.5, description="how strongly a paired unit evaluates its members' service (双考核), 0–1"
    )
    other_employer_evaluation: Share = Field(
        0.2, description="evaluation strength of employers that are not paired units, 0–1"
    )
    nominal_at_no_evaluation: Share = Field(
        0.8,
        description="chance a reported member is nominal (reported, inactive) if not evaluated",
    )
    nominal_effort: Share = Field(
        0.0, description="share of committed hours a nominal member actually offers"
    )
    leader_share: Share = Field(
        0.5,
        description="chance a building with no leader gets an active reported member as 楼栋长",
    )
    admin_yuan_per_member_year: float = Field(
        20.0,
        ge=0.0,
        le=10000.0,
        description="registering, reporting back and evaluating one member [yuan/year]",
    )


class BigPartyCommitteeParams(Section):
    """The big party committee (大党委) and three-party linkage (三方联动) in joint meetings."""

    enabled: bool = Field(False, description="switch the big party committee on")
    coopt_property_firms: bool = Field(
        True, description="firms' party members sit on the committee (owner–firm disputes)"
    )
    coopt_owners_committees: bool = Field(
        True, description="OCs sit on it; RC members may act for a failing OC"
    )
    coopt_paired_units: bool = Field(
        True, description="paired units sit on it and pool resources into the supply list"
    )
    coopt_police: bool = Field(True, description="the community police officer sits on it")
    coopt_social_organisations: bool = Field(
        True, description="social organisations (elder care, charities) sit on it"
    )
    meeting_interval_weeks: int = Field(
        4, ge=1, le=52, description="weeks between joint meetings (联席会议)"
    )
    issues_per_meeting: int = Field(
        8, ge=0, le=200, description="disputes one meeting can take up [issues/meeting]"
    )
    meeting_success: Share = Field(
        0.75, description="chance a joint meeting settles a dispute it takes up"
    )
    meeting_cost_yuan: float = Field(
        600.0, ge=0.0, le=1e5, description="cost of one joint meeting [yuan/meeting]"
    )
    pooled_hours_per_unit: float = Field(
        3.0,
        ge=0.0,
        le=100.0,
        description="hours each co-opted unit pools into the supply list [h/week]",
    )
    information_flow: Share = Field(
        0.3,
        description="chance per meeting that a member organisation raises a hidden need it knows",
    )
    rc_acts_for_failing_oc: bool = Field(
        True, description="RC members sit on a non-functional OC and act for it"
    )
    firm_pressure: Share = Field(
        0.15, description="extra pressure on co-opted property firms [0-1]"
    )


class PointIncentivesParams(Section):
    """Point incentives (积分管理): points for service, redeemed from the community budget."""

    enabled: bool = Field(False, description="switch point incentives on")
    start_week: int = Field(1, ge=1, le=5200, description="first week points are issued")
    end_week: int = Field(
        0,
        ge=0,
        le=5200,
        description="week points are withdrawn (0: never); balances stay redeemable",
    )
    points_per_hour: float = Field(
        10.0, ge=0.0, le=1000.0, description="points per hour of service on needs [points/hour]"
    )
    points_per_activity: float = Field(
        5.0, ge=0.0, le=1000.0, description="points per shallow activity attended [points]"
    )
    yuan_per_point: float = Field(
        0.1, ge=0.0, le=100.0, description="redemption value of a point [yuan/point]"
    )
    redeem_share_per_week: Share = Field(
        0.1, description="share of a balance its holder redeems a week [1/week]"
    )
    budget_cap_yuan_per_year: float = Field(
        30000.0, ge=0.0, le=1e8, description="most paid for redeemed points in a year [yuan/year]"
    )
    extrinsic_max: Share = Field(
        0.3, description="extrinsic motivation when points are worth very much per hour"
    )
    half_value_yuan_per_hour: float = Field(
        1.0,
        gt=0.0,
        le=1000.0,
        description="reward per hour at which extrinsic motivation is half its max [yuan/hour]",
    )
    recognition: Share = Field(
        0.1, description="extrinsic motivation from star ratings and rankings at five stars (星级)"
    )
    points_per_star: float = Field(
        300.0, ge=1.0, le=1e6, description="points earned per star, five stars at most [points]"
    )
    motivation_rate: Share = Field(
        0.1, description="weekly adjustment of extrinsic motivation toward what points are worth"
    )
    activity_incentive: float = Field(
        1.5,
        ge=0.0,
        le=20.0,
        description="logit weight of extrinsic motivation in attending shallow activities",
    )
    crowding_out: Share = Field(
        0.5,
        description="intrinsic motivation displaced per unit of extrinsic, in those paid (0–1)",
    )
    crowding_rate: Share = Field(
        0.03, description="weekly rate at which the paid's intrinsic motivation is displaced"
    )
    intrinsic_recovery: Share = Field(
        0.005, description="weekly recovery of intrinsic motivation toward its initial level"
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


class ThreeListsParams(Section):
    """The three-list service model (三单: 群众点单 – 社区派单 – 单位/党员接单)."""

    enabled: bool = Field(False, description="switch the three-list service model on")
    matching: Literal["first_come", "nearest", "skill_match", "vulnerable_first"] = Field(
        "skill_match",
        description="matching policy: first_come, nearest, skill_match or vulnerable_first",
    )
    residents_first: bool = Field(
        True, description="volunteers and party members take what they can before RC staff"
    )
    units_on_supply_list: bool = Field(
        True, description="reported or co-opted paired units are on the supply list"
    )
    listed_overhead: float = Field(
        1.15,
        ge=1.0,
        le=5.0,
        description="time multiplier for a listed volunteer sent anywhere (first_come)",
    )
    nearest_overhead: float = Field(
        1.05, ge=1.0, le=5.0, description="time multiplier when the grid's own team takes it"
    )
    skill_match_overhead: float = Field(
        1.0, ge=1.0, le=5.0, description="time multiplier when matched by skill in the grid"
    )
    skill_match_success: Share = Field(
        0.93, description="chance a volunteer matched by skill resolves the need"
    )
    dispatch_hours_per_need: float = Field(
        0.15, ge=0.0, le=10.0, description="staff time to list and dispatch one need [hours]"
    )
    platform_yuan_per_week: float = Field(
        100.0, ge=0.0, le=1e5, description="running the lists (platform, records) [yuan/week]"
    )


class GridManagementParams(Section):
    """Grid management (网格化): grid workers, patrols, 巡办分离, building leaders.

    Households per grid are set by ``structure.households_per_grid`` (the layout).
    """

    enabled: bool = Field(False, description="switch reformed grid management on")
    grid_workers_per_grid: float = Field(
        2.0, ge=0.0, le=10.0, description="grid workers (网格员) per grid under the reform"
    )
    patrol_households_per_week: float = Field(
        80.0, ge=0.0, le=1000.0, description="households one grid worker visits a week"
    )
    patrol_handling_separation: bool = Field(
        True, description="patrolling separated from handling (巡办分离)"
    )
    handling_share_unseparated: Share = Field(
        0.4, description="share of a grid worker's time spent handling needs when not separated"
    )
    discovery_reluctance_unseparated: Share = Field(
        0.3, description="share of findings left unreported by grid workers who must handle them"
    )
    building_leader_share: Share = Field(
        0.9, description="share of buildings with a building leader (楼栋长) under the reform"
    )
    grid_worker_subsidy_yuan_per_week: float = Field(
        100.0,
        ge=0.0,
        le=10000.0,
        description="community's share of the cost of each added grid worker [yuan/week]",
    )
    leader_allowance_yuan_per_week: float = Field(
        5.0, ge=0.0, le=1000.0, description="allowance of each building leader added [yuan/week]"
    )


class MechanismsParams(Section):
    """The governance mechanisms of MODEL.md section 4; each off unless ``enabled``."""

    dual_reporting: DualReportingParams = Field(default_factory=DualReportingParams)
    big_party_committee: BigPartyCommitteeParams = Field(default_factory=BigPartyCommitteeParams)
    point_incentives: PointIncentivesParams = Field(default_factory=PointIncentivesParams)
    three_lists: ThreeListsParams = Field(default_factory=ThreeListsParams)
    grid_management: GridManagementParams = Field(default_factory=GridManagementParams)


class Scenario(Section):
    """A fully resolved scenario: every parameter of one run."""

    name: str = Field("default", description="scenario name")
    description: str = Field("", description="what the scenario shows, in plain words")
    description_zh: str = Field("", description="the description in Chinese")
    run: RunParams = Field(default_factory=RunParams)
    structure: StructureParams = Field(default_factory=StructureParams)
    population: PopulationParams = Field(default_factory=PopulationParams)
    needs: NeedsParams = Field(default_factory=NeedsParams)
    channels: ChannelParams = Field(default_factory=ChannelParams)
    community: CommunityParams = Field(default_factory=CommunityParams)
    supply: SupplyParams = Field(default_factory=SupplyParams)
    firms: FirmParams = Field(default_factory=FirmParams)
    owners_committees: OwnersCommitteeParams = Field(default_factory=OwnersCommitteeParams)
    disputes: DisputeParams = Field(default_factory=DisputeParams)
    participation: ParticipationParams = Field(default_factory=ParticipationParams)
    adaptation: AdaptationParams = Field(default_factory=AdaptationParams)
    shocks: ShockParams = Field(default_factory=ShockParams)
    mechanisms: MechanismsParams = Field(default_factory=MechanismsParams)

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


def parameter_table() -> list[dict[str, Any]]:
    """Return one row per parameter of the schema: key, default, bounds, description.

    Used by the docs test (``docs/ODD.md`` must list every parameter) and by the app.
    """
    rows: list[dict[str, Any]] = []

    def walk(model: type[BaseModel], instance: BaseModel, prefix: str) -> None:
        for name, field in model.model_fields.items():
            value = getattr(instance, name)
            key = f"{prefix}{name}"
            if isinstance(value, BaseModel):
                walk(type(value), value, key + ".")
                continue
            lo = hi = None
            for meta in field.metadata:
                lo = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else lo
                lo = getattr(meta, "gt", None) if getattr(meta, "gt", None) is not None else lo
                hi = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else hi
            rows.append(
                {
                    "key": key,
                    "default": value,
                    "min": lo,
                    "max": hi,
                    "description": field.description or "",
                }
            )

    walk(Scenario, Scenario(), "")
    return rows
