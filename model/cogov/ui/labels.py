"""The app's one table of names, in English and Chinese.

Keys are the engine's own names wherever there is one: outcome columns
(:data:`cogov.metrics.OUTCOMES`), mechanism and shock sections of the schema, compound kinds
and age groups; the app's own words are keyed ``ui.*``. Anything not in the table falls
back to the schema's English description, then to the key made readable, so a parameter
added to the engine shows up in the app (in English) before it is translated here.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "zh"]
#: The languages the app speaks, in the order of the switch.
LANGS: tuple[Lang, ...] = ("zh", "en")

#: key -> {"en": ..., "zh": ...}
LABELS: dict[str, dict[str, str]] = {
    # ----------------------------------------------------------- outcome columns
    "step": {"en": "Week", "zh": "周"},
    "residents": {"en": "Residents", "zh": "居民数"},
    "participation_any": {"en": "Participation (any)", "zh": "参与率（任一）"},
    "participation_shallow": {"en": "Shallow participation", "zh": "浅层参与率"},
    "participation_deep": {"en": "Deep participation", "zh": "深层参与率"},
    "unwilling_share": {"en": "Unwilling to take part", "zh": "不愿参与者占比"},
    "participants_vulnerable_share": {
        "en": "Participants elderly, unemployed or low-income",
        "zh": "参与者中老人、失业或低收入者占比",
    },
    "participants_elderly_share": {"en": "Participants who are elderly", "zh": "参与者中老人占比"},
    "shallow_share_of_acts": {"en": "Shallow share of participation", "zh": "浅层参与占比"},
    "trust_strangers_share": {"en": "Trust strangers", "zh": "信任陌生人的居民占比"},
    "needs_raised": {"en": "Needs raised", "zh": "新增需求"},
    "needs_voiced": {"en": "Needs voiced", "zh": "表达的需求"},
    "needs_discovered": {"en": "Hidden needs discovered", "zh": "发现的隐性需求"},
    "needs_resolved": {"en": "Needs resolved", "zh": "解决的需求"},
    "needs_expired": {"en": "Needs expired unresolved", "zh": "过期未解决的需求"},
    "backlog_open": {"en": "Backlog of open needs", "zh": "积压需求"},
    "backlog_hidden": {"en": "Hidden needs in backlog", "zh": "积压中的隐性需求"},
    "time_to_resolution_mean": {"en": "Weeks to resolution (mean)", "zh": "平均解决时长（周）"},
    "time_to_resolution_p90": {
        "en": "Weeks to resolution (90th pct.)",
        "zh": "解决时长90分位（周）",
    },
    "satisfaction_mean": {"en": "Satisfaction", "zh": "满意度"},
    "trust_rc_mean": {"en": "Trust in the RC", "zh": "对居委会的信任"},
    "willingness_mean": {"en": "Willingness to take part", "zh": "参与意愿"},
    "disputes_arising": {"en": "Disputes arising", "zh": "新发纠纷"},
    "disputes_mediated": {"en": "Disputes mediated", "zh": "调解的纠纷"},
    "disputes_escalated": {"en": "Disputes escalated (petitions)", "zh": "升级的纠纷（信访）"},
    "disputes_open": {"en": "Disputes open", "zh": "未结纠纷"},
    "fee_collection_rate": {"en": "Fee collection rate", "zh": "物业费收缴率"},
    "firm_quality_mean": {"en": "Property service quality", "zh": "物业服务质量"},
    "firms_active": {"en": "Property firms active", "zh": "在管物业企业"},
    "firm_exits": {"en": "Firm exits (cumulative)", "zh": "物业撤出（累计）"},
    "unmanaged_compounds": {"en": "Unmanaged compounds", "zh": "无物业小区"},
    "volunteers": {"en": "Volunteers", "zh": "志愿者"},
    "active_volunteers": {"en": "Active volunteers", "zh": "活跃志愿者"},
    "volunteer_hours": {"en": "Volunteer hours", "zh": "志愿服务时长"},
    "resident_supply_hours": {"en": "Residents' service hours", "zh": "居民服务时长"},
    "party_members": {"en": "Party members", "zh": "党员"},
    "reported_party_members": {"en": "Party members reported", "zh": "报到党员"},
    "active_party_members": {"en": "Active party members", "zh": "活跃党员"},
    "points_issued": {"en": "Points issued", "zh": "发放积分"},
    "points_redeemed": {"en": "Points redeemed", "zh": "兑换积分"},
    "points_credibility": {"en": "Credibility of points", "zh": "积分兑现率"},
    "points_earners_share": {"en": "Residents earning points", "zh": "获得积分的居民比例"},
    "former_earners_shallow": {
        "en": "Former earners taking part (after withdrawal)",
        "zh": "积分取消后原获分者参与率",
    },
    "spending_total_yuan": {"en": "Spending (yuan/week)", "zh": "支出（元/周）"},
    "spending_activities_yuan": {"en": "Spending on activities (yuan)", "zh": "活动支出（元）"},
    "rc_hours_used_share": {"en": "RC staff time used", "zh": "居委会人力使用率"},
    "spending_dual_reporting_yuan": {
        "en": "Spending on dual reporting (yuan)",
        "zh": "双报到支出（元）",
    },
    "spending_meetings_yuan": {
        "en": "Spending on joint meetings (yuan)",
        "zh": "联席会议支出（元）",
    },
    "spending_points_yuan": {"en": "Spending on points (yuan)", "zh": "积分兑换支出（元）"},
    "spending_three_lists_yuan": {
        "en": "Spending on the three lists (yuan)",
        "zh": "三单运行支出（元）",
    },
    "spending_grid_management_yuan": {
        "en": "Spending on grid management (yuan)",
        "zh": "网格化管理支出（元）",
    },
    "spending_social_organisations_yuan": {
        "en": "Spending on social organisations (yuan)",
        "zh": "购买社会组织服务支出（元）",
    },
    "spending_online_channels_yuan": {
        "en": "Spending on online and one-stop channels (yuan)",
        "zh": "线上和一门式渠道支出（元）",
    },
    "income_units_yuan": {"en": "Money from paired units (yuan)", "zh": "结对单位投入（元）"},
    "budget_left_yuan": {"en": "Budget left (yuan)", "zh": "剩余经费（元）"},
    "rc_time_on_needs_share": {
        "en": "RC staff time on residents' needs",
        "zh": "居委会用于居民需求的工作时间占比",
    },
    "rc_seen_as_own_mean": {
        "en": "RC seen as residents' own body (0–1)",
        "zh": "居民视居委会为自治组织的程度（0–1）",
    },
    "rc_seen_as_own_share": {
        "en": "Residents who see the RC as their own body",
        "zh": "视居委会为自己的自治组织的居民占比",
    },
    "work_fund_left_yuan": {"en": "Work funds left (yuan)", "zh": "剩余工作经费（元）"},
    "service_fund_left_yuan": {
        "en": "Service fund left (yuan)",
        "zh": "剩余服务群众专项经费（元）",
    },
    "money_asked_yuan": {"en": "Money asked of the budget (yuan)", "zh": "经费申请额（元）"},
    "money_shortfall_yuan": {"en": "Unpaid for lack of funds (yuan)", "zh": "经费缺口（元）"},
    "budget_exhausted": {"en": "Budget ran short (0/1)", "zh": "经费不足（0/1）"},
    "shortfall_activities_yuan": {
        "en": "Activities unpaid (yuan)",
        "zh": "活动经费缺口（元）",
    },
    "shortfall_dual_reporting_yuan": {
        "en": "Dual reporting unpaid (yuan)",
        "zh": "双报到经费缺口（元）",
    },
    "shortfall_meetings_yuan": {
        "en": "Joint meetings unpaid (yuan)",
        "zh": "联席会议经费缺口（元）",
    },
    "shortfall_points_yuan": {"en": "Points unpaid (yuan)", "zh": "积分兑换缺口（元）"},
    "shortfall_three_lists_yuan": {
        "en": "Three lists unpaid (yuan)",
        "zh": "三单运行经费缺口（元）",
    },
    "shortfall_grid_management_yuan": {
        "en": "Grid management unpaid (yuan)",
        "zh": "网格化管理经费缺口（元）",
    },
    "shortfall_social_organisations_yuan": {
        "en": "Social organisations unpaid (yuan)",
        "zh": "购买社会组织服务经费缺口（元）",
    },
    "shortfall_online_channels_yuan": {
        "en": "Online channels unpaid (yuan)",
        "zh": "线上和一门式渠道经费缺口（元）",
    },
    # columns of the services systems (issue 11: items 2, 4, 5)
    "social_org_hours_bought": {"en": "Social workers' hours bought", "zh": "购买的社工服务时长"},
    "social_org_hours_worked": {"en": "Social workers' hours worked", "zh": "社工实际服务时长"},
    "social_org_needs_resolved": {
        "en": "Needs resolved by social workers",
        "zh": "社工办结的需求",
    },
    "social_org_quality_mean": {
        "en": "Social organisations' quality",
        "zh": "社会组织服务质量",
    },
    "online_members_share_youth": {"en": "Youth in online groups", "zh": "加入线上群的青年比例"},
    "online_members_share_working_age": {
        "en": "Working-age residents in online groups",
        "zh": "加入线上群的劳动年龄居民比例",
    },
    "online_members_share_elderly": {
        "en": "Elderly residents in online groups",
        "zh": "加入线上群的老年人比例",
    },
    "needs_posted_online_youth": {"en": "Needs posted online by youth", "zh": "青年线上反映需求"},
    "needs_posted_online_working_age": {
        "en": "Needs posted online by working-age residents",
        "zh": "劳动年龄居民线上反映需求",
    },
    "needs_posted_online_elderly": {
        "en": "Needs posted online by the elderly",
        "zh": "老年人线上反映需求",
    },
    "online_seen_trust_change": {
        "en": "Trust moved by responses seen online",
        "zh": "线上所见回应带来的信任变化",
    },
    "staff_competence_mean": {"en": "Community workers' competence", "zh": "社区工作者能力"},
    "staff_college_share": {"en": "Staff with college education", "zh": "大专以上学历工作人员比例"},
    "staff_young_share": {"en": "Staff under 35", "zh": "35岁以下工作人员比例"},
    "staff_new_share": {
        "en": "Staff still learning the community",
        "zh": "仍在熟悉社区的工作人员比例",
    },
    "staff_quits": {"en": "Community workers leaving", "zh": "离职社区工作者"},
    "staff_vacancies": {"en": "Empty staff posts", "zh": "空缺岗位"},
    "rc_success_effective": {"en": "RC staff's success chance", "zh": "居委会办结成功率"},
    "rc_time_factor": {"en": "RC staff's time per need (×)", "zh": "居委会每项需求用时（倍）"},
    "unit_hours_worked": {"en": "Hours worked by paired units", "zh": "结对单位服务时长"},
    "in_service_hours_worked": {
        "en": "Hours worked by in-service members",
        "zh": "在职党员服务时长",
    },
    "volunteer_intrinsic_mean": {
        "en": "Volunteers' intrinsic motivation",
        "zh": "志愿者内在动机",
    },
    "volunteer_extrinsic_mean": {
        "en": "Volunteers' extrinsic motivation",
        "zh": "志愿者外在动机",
    },
    "patrol_coverage_mean": {"en": "Patrol coverage", "zh": "巡查覆盖率"},
    "building_leaders": {"en": "Building leaders", "zh": "楼栋长人数"},
    "unmet_no_supplier_share": {
        "en": "Unmet for lack of a supplier",
        "zh": "因无人接单未办结",
    },
    "unmet_unvoiced_share": {"en": "Unmet, never voiced", "zh": "未表达而未办结"},
    "unmet_no_supplier_repair": {
        "en": "Unmet for lack of a supplier: repair",
        "zh": "因无人接单未办结：维修",
    },
    "unmet_no_supplier_elder_care": {
        "en": "Unmet for lack of a supplier: elder care",
        "zh": "因无人接单未办结：助老",
    },
    "unmet_no_supplier_environment": {
        "en": "Unmet for lack of a supplier: environment",
        "zh": "因无人接单未办结：环境",
    },
    "unmet_no_supplier_safety": {
        "en": "Unmet for lack of a supplier: safety",
        "zh": "因无人接单未办结：安全",
    },
    "unmet_no_supplier_paperwork": {
        "en": "Unmet for lack of a supplier: paperwork",
        "zh": "因无人接单未办结：事务代办",
    },
    "unmet_no_supplier_micro_wish": {
        "en": "Unmet for lack of a supplier: micro wish",
        "zh": "因无人接单未办结：微心愿",
    },
    "resident_hours_offered": {"en": "Hours residents offered", "zh": "居民提供服务时长"},
    "visits_made": {"en": "Home visits", "zh": "上门走访次数"},
    "needs_found_on_visits": {"en": "Needs found on visits", "zh": "走访发现的需求"},
    "visit_coverage": {
        "en": "Visit coverage of elderly living alone",
        "zh": "独居/困难老人走访覆盖率",
    },
    "resident_hours_used_share": {
        "en": "Share of residents' hours used",
        "zh": "居民服务时长使用率",
    },
    "household_contacts": {"en": "Member contacts for households", "zh": "党员联系户人数"},
    "grid_volunteers": {"en": "Grid volunteers (standing role)", "zh": "网格志愿者人数"},
    "members_role_share": {
        "en": "Party members in a standing role",
        "zh": "担任常设角色的党员比例",
    },
    "members_leader_share": {
        "en": "Party members as building leaders",
        "zh": "担任楼栋长的党员比例",
    },
    "members_contact_share": {
        "en": "Party members as household contacts",
        "zh": "担任联系户的党员比例",
    },
    "members_grid_role_share": {
        "en": "Party members as grid volunteers",
        "zh": "担任网格志愿者的党员比例",
    },
    "reported_role_share": {
        "en": "Reported members in a standing role",
        "zh": "担任常设角色的报到党员比例",
    },
    "reported_leader_share": {
        "en": "Reported members as building leaders",
        "zh": "担任楼栋长的报到党员比例",
    },
    "reported_contact_share": {
        "en": "Reported members as household contacts",
        "zh": "担任联系户的报到党员比例",
    },
    "reported_grid_role_share": {
        "en": "Reported members as grid volunteers",
        "zh": "担任网格志愿者的报到党员比例",
    },
    "resolution_gini_grids": {"en": "Inequality across grids (Gini)", "zh": "网格间不平等（基尼）"},
    "vulnerable_service_ratio": {
        "en": "Vulnerable-to-others service ratio",
        "zh": "弱势群体与其他居民服务比",
    },
    # ------------------------------------------------------------- mechanisms
    "mechanisms": {"en": "Governance mechanisms", "zh": "治理机制"},
    "dual_reporting": {"en": "Dual reporting", "zh": "双报到"},
    "big_party_committee": {"en": "Big party committee", "zh": "大党委（三方联动）"},
    "point_incentives": {"en": "Point incentives", "zh": "积分管理"},
    "three_lists": {"en": "Three lists (order–dispatch–take)", "zh": "三单制（点单—派单—接单）"},
    "grid_management": {"en": "Grid management", "zh": "网格化管理"},
    "burden_reduction": {"en": "Burden reduction", "zh": "减负增能（事务准入）"},
    "party_groups": {"en": "Building party groups", "zh": "党小组建在楼栋"},
    "social_organisations": {
        "en": "Social organisations and social workers",
        "zh": "三社联动（社会组织与社工）",
    },
    "online_channels": {"en": "Online and one-stop channels", "zh": "线上和一门式渠道"},
    "professional_workers": {
        "en": "Professional community workers",
        "zh": "社区工作者职业化",
    },
    "enabled": {"en": "On", "zh": "启用"},
    # ------------------------------------------------------- scenario names
    "scenario.baseline": {"en": "baseline (administration-led)", "zh": "基线（行政主导）"},
    "scenario.mixed": {"en": "mixed community (default)", "zh": "混合型社区（默认）"},
    "scenario.commodity_estate": {"en": "commodity estates", "zh": "商品房社区"},
    "scenario.old_compound": {"en": "old compounds", "zh": "老旧小区社区"},
    "scenario.epidemic": {"en": "epidemic lockdown", "zh": "疫情封控"},
    "scenario.firm_exit": {"en": "property firms leave", "zh": "物业撤出"},
    "scenario.dual_reporting": {"en": "dual reporting", "zh": "双报到"},
    "scenario.big_party_committee": {"en": "big party committee", "zh": "大党委"},
    "scenario.point_incentives": {"en": "point incentives", "zh": "积分管理"},
    "scenario.three_lists": {"en": "three lists", "zh": "三单制"},
    "scenario.grid_management": {"en": "grid management", "zh": "网格化管理"},
    "scenario.burden_reduction": {"en": "burden reduction", "zh": "减负增能"},
    "scenario.party_groups": {"en": "building party groups", "zh": "党小组建在楼栋"},
    "scenario.social_organisations": {"en": "social organisations", "zh": "三社联动"},
    "scenario.online_channels": {"en": "online and one-stop channels", "zh": "线上和一门式渠道"},
    "scenario.professional_workers": {
        "en": "professional community workers",
        "zh": "社区工作者职业化",
    },
    "scenario.full_reform": {"en": "full reform (all mechanisms)", "zh": "综合改革（全部机制）"},
    "scenario.points_withdrawn": {"en": "points withdrawn", "zh": "积分取消"},
    # -------------------------------------------------- mechanisms' parameters
    "member_report_share": {"en": "Party members who report", "zh": "报到党员比例"},
    "committed_hours": {"en": "Hours committed (per week)", "zh": "承诺服务时长（小时/周）"},
    "evaluation_strength": {"en": "Unit's evaluation strength", "zh": "单位考核力度"},
    "units_reporting_share": {"en": "Paired units that report", "zh": "报到单位比例"},
    "unit_hours_per_week": {"en": "Hours a unit sends (per week)", "zh": "单位每周服务时长"},
    "meeting_interval_weeks": {"en": "Weeks between joint meetings", "zh": "联席会议间隔（周）"},
    "issues_per_meeting": {"en": "Issues per meeting", "zh": "每次会议议题数"},
    "meeting_success": {"en": "Chance a meeting settles an issue", "zh": "会议解决问题的概率"},
    "min_members": {"en": "Members needed for a group", "zh": "成立党小组所需党员数"},
    "link_uptake": {
        "en": "Chance a member asked links households",
        "zh": "党员受邀担任联系户的概率",
    },
    "admission_cap": {
        "en": "Most staff time for tasks from above",
        "zh": "上级交办事务最多占用的工作时间",
    },
    "rc_hours_per_acted_oc": {
        "en": "RC hours per failing OC acted for (per week)",
        "zh": "代行失灵业委会职责每周占用居委会工时",
    },
    "coopt_property_firms": {"en": "Co-opt property firms", "zh": "吸纳物业企业"},
    "coopt_owners_committees": {"en": "Co-opt owners' committees", "zh": "吸纳业委会"},
    "coopt_paired_units": {"en": "Co-opt paired units", "zh": "吸纳结对单位"},
    "coopt_police": {"en": "Co-opt the police", "zh": "吸纳社区民警"},
    "coopt_social_organisations": {"en": "Co-opt social organisations", "zh": "吸纳社会组织"},
    "information_flow": {"en": "Hidden needs raised per meeting", "zh": "会议反映隐性需求的概率"},
    "points_per_hour": {"en": "Points per hour", "zh": "每小时积分"},
    "yuan_per_point": {"en": "Yuan per point", "zh": "每积分价值（元）"},
    "crowding_out": {"en": "Crowding-out strength", "zh": "挤出效应强度"},
    "end_week": {"en": "Week points stop (0: never)", "zh": "积分停发周（0为不停发）"},
    "budget_cap_yuan_per_year": {"en": "Budget cap (yuan/year)", "zh": "经费上限（元/年）"},
    "recognition": {"en": "Recognition (stars, rankings)", "zh": "荣誉激励（星级、排名）"},
    "matching": {"en": "Matching policy", "zh": "匹配规则"},
    "choice.first_come": {"en": "First come, first served", "zh": "先来先办"},
    "choice.nearest": {"en": "Nearest team", "zh": "就近派单"},
    "choice.skill_match": {"en": "Skill match", "zh": "技能匹配"},
    "choice.vulnerable_first": {"en": "Vulnerable residents first", "zh": "弱势优先"},
    "grid_workers_per_grid": {"en": "Grid workers per grid", "zh": "每格网格员数"},
    "patrol_households_per_week": {
        "en": "Households visited (per worker-week)",
        "zh": "每名网格员每周走访户数",
    },
    "patrol_handling_separation": {"en": "Patrolling separated from handling", "zh": "巡办分离"},
    "handling_share_unseparated": {
        "en": "Handling share when not separated",
        "zh": "未分离时办理占用时间比例",
    },
    "building_leader_share": {"en": "Buildings with a leader", "zh": "设楼栋长的楼栋比例"},
    "contracted_hours_per_week": {
        "en": "Hours contracted (per week)",
        "zh": "购买服务时长（小时/周）",
    },
    "yuan_per_hour": {"en": "Yuan per hour", "zh": "每小时价格（元）"},
    "elder_care": {"en": "Elder and disability care", "zh": "助老助残"},
    "micro_wish": {"en": "Micro-wishes", "zh": "微心愿"},
    "quality_mean": {"en": "Organisations' mean quality", "zh": "社会组织平均服务质量"},
    "use_youth": {"en": "Youth in online groups", "zh": "加入线上群的青年比例"},
    "elderly_smartphone_share": {
        "en": "Elderly with a smartphone",
        "zh": "有智能手机的老年人比例",
    },
    "weekly_post_rate": {"en": "Chance a member posts a need", "zh": "群成员反映需求的概率"},
    "desk_dispatch_hours_per_need": {
        "en": "Desk's time per need (hours)",
        "zh": "一门式窗口每项需求用时（小时）",
    },
    "seen_trust_weight": {"en": "Weight of responses seen", "zh": "所见回应的影响"},
    "platform_yuan_per_week": {"en": "Running cost (yuan/week)", "zh": "运行费用（元/周）"},
    "hire_young_share": {"en": "New hires under 35", "zh": "新招录35岁以下比例"},
    "hire_college_share": {"en": "New hires with college education", "zh": "新招录大专以上比例"},
    "pay_above_average_wage": {
        "en": "Pay above the average wage",
        "zh": "薪酬高于社会平均工资",
    },
    "career_ladder": {"en": "Career ladder of post grades", "zh": "岗位等级序列"},
    "learning_weeks": {"en": "Weeks to learn the community", "zh": "熟悉社区所需周数"},
    "vacancy_weeks": {"en": "Weeks a post stays empty", "zh": "岗位空缺周数"},
    # ------------------------------------------------------------------ shocks
    "shocks": {"en": "Shocks", "zh": "冲击"},
    "epidemic": {"en": "Epidemic lockdown", "zh": "疫情封控"},
    "firm_exit": {"en": "Property firms leave", "zh": "物业撤出"},
    "start_week": {"en": "Start week", "zh": "开始周"},
    "duration_weeks": {"en": "Duration (weeks)", "zh": "持续周数"},
    "activity_factor": {"en": "Activities still held", "zh": "仍举办的活动比例"},
    "week": {"en": "Week", "zh": "周"},
    "share_of_firms": {"en": "Share of firms leaving", "zh": "撤出物业比例"},
    # --------------------------------------------------- structure and groups
    "grid": {"en": "Grid", "zh": "网格"},
    "compound": {"en": "Compound", "zh": "小区"},
    "building": {"en": "Building", "zh": "楼栋"},
    "commodity_estate": {"en": "Commodity estate", "zh": "商品房小区"},
    "old_compound": {"en": "Old compound", "zh": "老旧小区"},
    "work_unit": {"en": "Work-unit compound", "zh": "单位小区"},
    "youth": {"en": "Youth", "zh": "青年"},
    "working_age": {"en": "Working age", "zh": "劳动年龄"},
    "elderly": {"en": "Elderly", "zh": "老年"},
    "low_income": {"en": "Low income", "zh": "低收入"},
    "unemployed": {"en": "Unemployed", "zh": "失业"},
    "vulnerable": {"en": "Vulnerable", "zh": "弱势群体"},
    "all": {"en": "All", "zh": "全体"},
    # ------------------------------------------------------------- map metrics
    "map.participation": {"en": "Participation", "zh": "参与率"},
    "map.satisfaction": {"en": "Satisfaction", "zh": "满意度"},
    "map.backlog": {"en": "Backlog of needs (per 100 residents)", "zh": "积压需求（每百人）"},
    "map.disputes": {"en": "Open disputes", "zh": "未结纠纷"},
    "map.trust": {"en": "Trust in the RC", "zh": "对居委会的信任"},
    # ------------------------------------------------------- building summary
    "summary.households": {"en": "Households", "zh": "户数"},
    "summary.residents": {"en": "Residents", "zh": "居民"},
    "summary.elderly": {"en": "Elderly", "zh": "老人"},
    "summary.low_income": {"en": "Low income", "zh": "低收入"},
    "summary.party_members": {"en": "Party members", "zh": "党员"},
    "summary.volunteers": {"en": "Volunteers", "zh": "志愿者"},
    "summary.building_leader": {"en": "Building leader", "zh": "楼栋长"},
    "summary.participation": {"en": "Took part (window)", "zh": "近期参与率"},
    "summary.satisfaction": {"en": "Satisfaction", "zh": "满意度"},
    "summary.trust_rc": {"en": "Trust in the RC", "zh": "对居委会的信任"},
    "summary.willingness": {"en": "Willingness", "zh": "参与意愿"},
    "summary.open_needs": {"en": "Open needs", "zh": "未解决需求"},
    "summary.hidden_needs": {"en": "of which hidden", "zh": "其中隐性需求"},
    "summary.open_disputes": {"en": "Open disputes", "zh": "未结纠纷"},
    "summary.firm": {"en": "Property firm", "zh": "物业"},
    "summary.firm_quality": {"en": "quality", "zh": "服务质量"},
    "summary.oc": {"en": "Owners' committee", "zh": "业委会"},
    "summary.oc_functional": {"en": "functional", "zh": "运转正常"},
    "summary.oc_not_functional": {"en": "not functional", "zh": "运转不良"},
    "summary.none": {"en": "none", "zh": "无"},
    "summary.yes": {"en": "yes", "zh": "有"},
    # ----------------------------------------------------------- the app's words
    "ui.title": {"en": "cogov: community co-governance", "zh": "cogov：社区共建共治共享模拟"},
    "ui.language": {"en": "中文", "zh": "English"},
    "ui.tab.live": {"en": "Live", "zh": "实时模拟"},
    "ui.tab.compare": {"en": "Compare", "zh": "方案比较"},
    "ui.tab.explain": {"en": "Explain", "zh": "机制说明"},
    "ui.scenario": {"en": "Scenario", "zh": "情景"},
    "ui.households": {"en": "Community size (households)", "zh": "社区规模（户）"},
    "ui.seed": {"en": "Seed", "zh": "随机种子"},
    "ui.seed_help": {
        "en": "Same seed, same settings: same run. Change it to see another possible week-by-week.",
        "zh": "相同种子和设置得到相同结果；换一个种子可看另一种可能的演变。",
    },
    "ui.overrides": {
        "en": "More parameters (key=value, one a line)",
        "zh": "更多参数（每行一个 键=值）",
    },
    "ui.step": {"en": "Step", "zh": "单步"},
    "ui.step_year": {"en": "+1 year", "zh": "+1年"},
    "ui.play": {"en": "Play", "zh": "播放"},
    "ui.pause": {"en": "Pause", "zh": "暂停"},
    "ui.reset": {"en": "Reset", "zh": "重置"},
    "ui.week": {"en": "Week {n}", "zh": "第{n}周"},
    "ui.pending": {
        "en": "Settings changed: press Reset to apply them.",
        "zh": "设置已更改：请点击“重置”使其生效。",
    },
    "ui.no_model": {
        "en": "No community is running. Fix the settings and press Reset.",
        "zh": "当前没有运行中的社区。请修改设置后点击“重置”。",
    },
    "ui.error_title": {
        "en": "The model cannot use these settings:",
        "zh": "模型无法使用这些设置：",
    },
    "ui.map": {"en": "Community map", "zh": "社区地图"},
    "ui.map_colour": {"en": "Colour buildings by", "zh": "楼栋着色依据"},
    "ui.map_hint": {
        "en": "Click a building (or pick one below) to see its residents.",
        "zh": "点击楼栋（或在下方选择）查看其居民情况。",
    },
    "ui.building_pick": {"en": "Building", "zh": "楼栋"},
    "ui.building_none": {"en": "(none)", "zh": "（未选择）"},
    "ui.charts": {"en": "Outcomes", "zh": "结果指标"},
    "ui.baseline_faint": {
        "en": "Faint line: the baseline with the same seed and size.",
        "zh": "浅色线：相同种子和规模下的基线。",
    },
    "ui.this_run": {"en": "this run", "zh": "本次运行"},
    "ui.baseline": {"en": "baseline", "zh": "基线"},
    "ui.now": {"en": "This week", "zh": "本周"},
    "ui.legend.party": {"en": "party members", "zh": "党员"},
    "ui.legend.volunteers": {"en": "volunteers", "zh": "志愿者"},
    "ui.legend.leader": {"en": "building leader", "zh": "楼栋长"},
    "ui.legend.firm": {"en": "property firm", "zh": "物业"},
    "ui.legend.oc": {"en": "owners' committee", "zh": "业委会"},
    "ui.legend.oc_weak": {"en": "OC not functional", "zh": "业委会运转不良"},
    "ui.compare.scenario": {"en": "Compare the baseline with", "zh": "与基线比较的情景"},
    "ui.compare.replications": {"en": "Replications", "zh": "重复次数"},
    "ui.compare.weeks": {"en": "Weeks", "zh": "周数"},
    "ui.compare.run": {"en": "Run comparison", "zh": "开始比较"},
    "ui.compare.cancel": {"en": "Cancel", "zh": "取消"},
    "ui.compare.progress": {
        "en": "Runs done: {done} of {total}",
        "zh": "已完成运行：{done}/{total}",
    },
    "ui.compare.cancelled": {"en": "Comparison cancelled.", "zh": "比较已取消。"},
    "ui.compare.intro": {
        "en": "Each replication runs the baseline and the scenario with the same seed (paired). "
        "Lines are means; bands are 95% intervals over replications.",
        "zh": "每次重复都用相同的种子分别运行基线和所选情景（配对比较）。线为均值，阴影为重复间的"
        "95%区间。",
    },
    "ui.compare.table": {"en": "Final year: scenario minus baseline", "zh": "最后一年：情景减基线"},
    "ui.compare.outcome": {"en": "Outcome", "zh": "指标"},
    "ui.compare.base_mean": {"en": "Baseline", "zh": "基线"},
    "ui.compare.scen_mean": {"en": "Scenario", "zh": "情景"},
    "ui.compare.diff": {"en": "Difference", "zh": "差值"},
    "ui.compare.ci": {"en": "95% interval", "zh": "95%区间"},
    "ui.explain.intro": {
        "en": "What each governance mechanism is in practice, how the model represents it, "
        "and what to look for on the charts. Every mechanism works through people's "
        "behaviour and organisations' capacity, never by adding to an outcome directly.",
        "zh": "每种治理机制在实践中是什么、模型如何表示它、在图表上看什么。"
        "每种机制都通过人的行为和组织的能力起作用，从不直接给结果指标加分。",
    },
    "ui.explain.practice": {"en": "In practice", "zh": "实践中"},
    "ui.explain.model": {"en": "In the model", "zh": "模型中"},
    "ui.explain.watch": {"en": "What to look for", "zh": "观察要点"},
    "ui.explain.params": {"en": "Settings", "zh": "可调参数"},
    "ui.explain.not_yet": {
        "en": "Not yet in this version of the engine: the switch appears when it is.",
        "zh": "当前版本的模型尚未包含此机制，加入后开关会自动出现。",
    },
    "ui.mech.none": {
        "en": "This version of the engine has no switchable mechanisms yet.",
        "zh": "当前版本的模型尚无可切换的治理机制。",
    },
    "ui.panel.participation": {"en": "Participation", "zh": "参与"},
    "ui.panel.unwilling": {"en": "Unwilling to take part", "zh": "不愿参与"},
    "ui.panel.backlog": {"en": "Backlog of needs", "zh": "需求积压"},
    "ui.panel.flows": {"en": "Needs resolved / expired (per week)", "zh": "每周解决 / 过期需求"},
    "ui.panel.time": {"en": "Weeks to resolution", "zh": "解决时长（周）"},
    "ui.panel.satisfaction": {"en": "Satisfaction and trust", "zh": "满意度与信任"},
    "ui.panel.disputes": {"en": "Disputes (per week)", "zh": "纠纷（每周）"},
    "ui.panel.property": {"en": "Property services", "zh": "物业服务"},
    "ui.panel.supply": {"en": "Volunteers and party members", "zh": "志愿者与党员"},
    "ui.panel.points": {"en": "Points (per week)", "zh": "积分（每周）"},
    "ui.panel.spending": {"en": "Spending (yuan per week)", "zh": "支出（元/周）"},
    "ui.panel.equity": {"en": "Equity", "zh": "公平性"},
    "ui.axis.share": {"en": "share", "zh": "比例"},
    "ui.axis.needs": {"en": "needs", "zh": "需求数"},
    "ui.axis.weeks": {"en": "weeks", "zh": "周"},
    "ui.axis.level": {"en": "level (0–1)", "zh": "水平（0–1）"},
    "ui.axis.disputes": {"en": "disputes", "zh": "纠纷数"},
    "ui.axis.people": {"en": "people", "zh": "人数"},
    "ui.axis.points": {"en": "points", "zh": "积分"},
    "ui.axis.yuan": {"en": "yuan", "zh": "元"},
    "ui.axis.ratio": {"en": "ratio", "zh": "比值"},
    "ui.axis.week": {"en": "week", "zh": "周"},
    # ------------------------------------------- units (cogov.metrics.outcome_unit)
    "unit.share": {"en": "share, 0–1", "zh": "占比，0–1"},
    "unit.index": {"en": "index, 0–1", "zh": "指数，0–1"},
    "unit.ratio": {"en": "ratio", "zh": "比值"},
    "unit.yuan_per_week": {"en": "yuan/week", "zh": "元/周"},
    "unit.yuan": {"en": "yuan", "zh": "元"},
    "unit.hours_per_week": {"en": "hours/week", "zh": "小时/周"},
    "unit.weeks": {"en": "weeks", "zh": "周"},
    "unit.per_week": {"en": "per week", "zh": "每周"},
    "unit.count": {"en": "number", "zh": "数量"},
}

# Villages and the street (issue 11, items 6 and 7): mechanisms, scenarios, columns, parameters.
LABELS.update(
    {
        "four_deliberations": {
            "en": "Four deliberations, two disclosures",
            "zh": "四议两公开",
        },
        "village_supervision": {
            "en": "Village affairs supervision committee",
            "zh": "村务监督委员会",
        },
        "dedication_day": {"en": "Party members' dedication day", "zh": "党员奉献日"},
        "street_pool": {"en": "The street's staff pool", "zh": "街道统筹力量"},
        "big_working_committee": {
            "en": "Street big working committee (part-time members)",
            "zh": "街道大工委（兼职委员）",
        },
        "leader_contact": {"en": "Leaders' point-to-point contact", "zh": "领导包联"},
        "scenario.village": {"en": "rural village", "zh": "农村行政村"},
        "scenario.village_reform": {
            "en": "village with 四议两公开, supervision, dedication days",
            "zh": "村（四议两公开、村务监督、党员奉献日）",
        },
        "scenario.street": {"en": "street of six communities", "zh": "街道（六个社区）"},
        "scenario.street_baseline": {
            "en": "street: communities of different kinds",
            "zh": "街道：不同类型社区",
        },
        "scenario.street_reform": {
            "en": "street with big working committee and 包联",
            "zh": "街道（大工委、领导包联）",
        },
        "deliberation_rounds": {"en": "Rounds of deliberation held", "zh": "四议两公开召开次数"},
        "matters_deliberated": {"en": "Collective matters deliberated", "zh": "商议的集体事务数"},
        "matters_disclosed": {"en": "Collective matters disclosed", "zh": "公开的集体事务数"},
        "supervision_reviews": {"en": "Supervision reviews held", "zh": "村务监督次数"},
        "disputes_settled_by_supervision": {
            "en": "Disputes settled by the supervision committee",
            "zh": "村务监督委员会化解的纠纷",
        },
        "dedication_days": {"en": "Dedication days held", "zh": "党员奉献日次数"},
        "dedication_hours": {"en": "Members' hours on dedication days", "zh": "奉献日党员服务时长"},
        "street_staff_hours": {
            "en": "Street staff hours for communities",
            "zh": "街道下沉工作时长",
        },
        "co_opted_units": {"en": "Units with a part-time member", "zh": "有兼职委员的单位数"},
        "pooled_unit_hours": {
            "en": "Unit hours pooled across the street",
            "zh": "全街道统筹的单位时长",
        },
        "contacted_communities": {
            "en": "Communities with a contact leader",
            "zh": "有领导包联的社区数",
        },
        "leader_reporting_hours": {
            "en": "Staff hours on reports for leaders",
            "zh": "为包联领导准备汇报的工时",
        },
        "spending_deliberations_yuan": {
            "en": "Spending on deliberations (yuan)",
            "zh": "四议两公开支出（元）",
        },
        "spending_village_supervision_yuan": {
            "en": "Spending on village supervision (yuan)",
            "zh": "村务监督支出（元）",
        },
        "spending_dedication_day_yuan": {
            "en": "Spending on dedication days (yuan)",
            "zh": "党员奉献日支出（元）",
        },
        "shortfall_deliberations_yuan": {
            "en": "Deliberations unpaid (yuan)",
            "zh": "四议两公开经费缺口（元）",
        },
        "shortfall_village_supervision_yuan": {
            "en": "Village supervision unpaid (yuan)",
            "zh": "村务监督经费缺口（元）",
        },
        "shortfall_dedication_day_yuan": {
            "en": "Dedication days unpaid (yuan)",
            "zh": "党员奉献日经费缺口（元）",
        },
        "income_leader_contact_yuan": {
            "en": "Money from contact leaders (yuan)",
            "zh": "包联领导带来的资金（元）",
        },
        "matters_per_meeting": {"en": "Matters per meeting", "zh": "每次商议事项数"},
        "invite_share": {"en": "Villagers invited to deliberate", "zh": "受邀参与商议的村民比例"},
        "disclosure_weight": {"en": "Weight of disclosure on trust", "zh": "公开对信任的影响"},
        "cases_per_review": {"en": "Disputes per review", "zh": "每次受理纠纷数"},
        "settle_success": {"en": "Chance a dispute is settled", "zh": "纠纷化解概率"},
        "hours_per_member": {"en": "Hours per member per day", "zh": "每名党员服务时长"},
        "staff": {"en": "Street staff", "zh": "街道工作人员数"},
        "coopt_share": {"en": "Units whose leader is co-opted", "zh": "吸纳为兼职委员的单位比例"},
        "extra_hours_per_unit": {
            "en": "Extra hours per co-opted unit",
            "zh": "兼职委员单位增加时长",
        },
        "pool_across_street": {"en": "Units serve the whole street", "zh": "单位力量全街道统筹"},
        "leaders": {"en": "Contact leaders", "zh": "包联领导人数"},
        "department_hours_per_week": {
            "en": "Department staff hours sent down",
            "zh": "部门下沉工时（小时/周）",
        },
        "reporting_hours_per_week": {
            "en": "Staff hours on reports (per week)",
            "zh": "汇报占用工时（小时/周）",
        },
    }
)


def label(key: str, lang: Lang, fallback: str | None = None, **fmt: object) -> str:
    """Return the label of ``key`` in ``lang``.

    Falls back to the English label, then to ``fallback`` (e.g. a schema field's
    description), then to the key made readable (``"rate_scale"`` → ``"Rate scale"``).
    Keyword arguments fill ``{name}`` placeholders.
    """
    entry = LABELS.get(key)
    if entry is not None:
        text = entry.get(lang) or entry.get("en") or key
    elif fallback:
        text = fallback
    else:
        text = humanise(key)
    return text.format(**fmt) if fmt else text


def humanise(key: str) -> str:
    """Turn a dotted snake_case key into words: ``"needs.rate_scale"`` → ``"Rate scale"``."""
    words = key.rsplit(".", 1)[-1].replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def other_language(lang: Lang) -> Lang:
    """Return the language the switch changes to."""
    return "en" if lang == "zh" else "zh"


def scenario_label(name: str, lang: Lang) -> str:
    """A scenario's name as the picker shows it: translated, with the file name after it."""
    shown = label(f"scenario.{name}", lang, fallback=name)
    return shown if shown == name else f"{shown} · {name}"


def _merge_classroom_labels() -> None:
    from cogov.ui.labels_classroom import CLASSROOM_LABELS

    for key, entry in CLASSROOM_LABELS.items():
        LABELS.setdefault(key, entry)


_merge_classroom_labels()
