"""Plain-words explanations of the governance mechanisms, for trainers (MODEL.md section 4).

For each mechanism: what it is in practice, how the model represents it (its causal
pathways; never a bonus added to an outcome), and what to look for on the charts.
"""

from __future__ import annotations

from cogov.ui.labels import Lang

#: mechanism name -> language -> {"practice", "model", "watch"}
EXPLANATIONS: dict[str, dict[str, dict[str, str]]] = {
    "dual_reporting": {
        "en": {
            "practice": "Dual reporting (双报到 / 双报告 / 双考核): units stationed in or paired "
            "with the community report to it, and in-service party members report to "
            "the community where they live, commit hours and take orders for "
            "residents' needs. They report back to their employer, which evaluates "
            "them on it.",
            "model": "Reported units add volunteer hours, skills and money to the supply list. "
            "Reported members give hours and, as building leaders, invite neighbours "
            "(a peer effect on participation). The model keeps the gap between "
            "reporting and real effort: with weak evaluation by the unit, many report "
            "but stay inactive (a formality, 形式主义).",
            "watch": "Reported vs active party members; residents' service hours; backlog and "
            "expired needs; participation. Lower the evaluation strength and watch "
            "'reported' stay high while 'active' falls.",
        },
        "zh": {
            "practice": "双报到（双报告、双考核）：驻区单位和结对单位向社区报到，在职党员向居住地"
            "社区报到，"
            "承诺服务时长、认领居民需求，并向所在单位报告，单位据此对其考核。",
            "model": "报到单位为供给清单增加志愿服务时长、专业技能和资金；报到党员提供服务时长，"
            "担任楼栋长时邀请邻居参与（参与的同伴效应）。模型保留“报到”与“真干”之间的差距"
            "："
            "单位考核力度弱时，许多人报到但不行动（形式主义）。",
            "watch": "报到党员与活跃党员的差距、居民服务时长、积压和过期需求、参与率。"
            "调低考核力度，观察“报到”仍高而“活跃”下降。",
        },
    },
    "big_party_committee": {
        "en": {
            "practice": "The big party committee (大党委) with three-party linkage (三方联动): the "
            "community party organisation co-opts part-time members from the property "
            "firm, owners' committees, paired units, police and social organisations, "
            "and holds joint meetings (联席会议) at a set frequency.",
            "model": "Cross-organisation issues, above all owner–firm disputes, are taken up in "
            "meetings (a limited number per meeting) instead of escalating; co-opted "
            "units' resources join the supply list; information flows so hidden needs "
            "surface; an RC member may act for a failing owners' committee.",
            "watch": "Disputes escalated (petitions) and open; hidden needs in the backlog; fee "
            "collection and property service quality (the fee-strike spiral). Try "
            "fewer meetings or fewer issues per meeting.",
        },
        "zh": {
            "practice": "大党委与三方联动：社区党组织吸纳物业企业、业委会、结对单位、派出所和社会"
            "组织的人员"
            "担任兼职委员，按固定频次召开联席会议。",
            "model": "跨组织问题（尤其是业主与物业的纠纷）在会上解决而不再升级，每次会议能处理的事"
            "项有限；"
            "成员单位的资源汇入供给清单；信息流通使隐性需求浮现；业委会失灵时社区委员可"
            "代行其职。",
            "watch": "升级（信访）和未结纠纷、积压中的隐性需求、物业费收缴率和服务质量（拒缴—服务"
            "下降循环）。"
            "试着减少开会频次或每次议题数量。",
        },
    },
    "point_incentives": {
        "en": {
            "practice": "Point incentives (积分管理): volunteers and party members earn points per "
            "task or hour, redeemable for goods or services at a value the community "
            "pays from its budget; often with star ratings or public rankings.",
            "model": "Only residents who earn points gain an extrinsic motive, the stronger the "
            "more their points are worth to them; it raises their own hours and attendance. "
            "A crowding-out parameter lets points erode earners' intrinsic motivation "
            "(motivation-crowding theory): when points stop, former earners take part less "
            "than they would have without points. Redemptions are paid from the budget, "
            "within a cap.",
            "watch": "Residents earning points; points issued and redeemed; spending. In the "
            "'points withdrawn' scenario, former earners' participation after the points stop.",
        },
        "zh": {
            "practice": "积分管理：志愿者和党员按任务或时长获得积分，可在社区兑换物品或服务，兑换"
            "价值由社区经费支付；"
            "常配合星级评定或公开排名。",
            "model": "只有获得积分的居民才产生外在动机，积分对其价值越高，动机越强，并提高其本人的"
            "服务时长和活动参与。“挤出”参数让积分侵蚀获分者的内在动机（动机挤出理论）："
            "积分停发后，原获分者的参与低于没有积分时的水平。兑换由社区经费在上限内支付。",
            "watch": "获得积分的居民比例、发放与兑换的积分、支出。在“积分取消”情景中，"
            "看积分停发后原获分者的参与。",
        },
    },
    "three_lists": {
        "en": {
            "practice": "The three-list service model (三单: 群众点单 – 社区派单 – 单位/党员接单): "
            "residents' needs go on a demand list, the community keeps a supply list "
            "of volunteer teams, party members, paired units, the firm and "
            "departments, and dispatches each need to a supplier who takes the order.",
            "model": "Instead of ad hoc, first-come handling by RC staff, needs are matched to "
            "suppliers by a policy: first come, nearest, skill match, or priority for "
            "vulnerable residents. Better matching means less time lost per need, so "
            "the same hours resolve more.",
            "watch": "Needs resolved and expired; weeks to resolution; the equity panel "
            "(vulnerable-to-others ratio, inequality across grids). Switch the "
            "matching policy to 'vulnerable first' and watch equity.",
        },
        "zh": {
            "practice": "三单制（群众点单—社区派单—单位/党员接单）：居民需求列入需求清单，社区掌握"
            "志愿队伍、党员、"
            "结对单位、物业和职能部门的供给清单，把每项需求派给接单的服务者。",
            "model": "不再由居委会工作人员先来先办地临时处理，而是按规则匹配需求与供给：先来先办、"
            "就近、"
            "技能匹配或弱势优先。匹配越好，每项需求耗时越少，同样的时长能解决更多需求。",
            "watch": "解决和过期的需求、解决时长、公平性面板（弱势群体服务比、网格间不平等）。"
            "把匹配规则改为“弱势优先”，观察公平性的变化。",
        },
    },
    "grid_management": {
        "en": {
            "practice": "Grid management (网格化): the community is divided into grids of a few "
            "hundred households, each with grid workers who patrol, visit households "
            "and report; reforms separate patrolling from handling (巡办分离).",
            "model": "More grid workers or more visits a week mean more hidden needs discovered "
            "on patrol; when patrolling and handling are not separated, part of a grid "
            "worker's time goes to handling instead of patrols.",
            "watch": "Hidden needs in the backlog and needs discovered; satisfaction and trust "
            "in the RC (hidden needs breed grievance); the map coloured by backlog.",
        },
        "zh": {
            "practice": "网格化管理：社区划分为数百户一格的网格，网格员巡查走访、上报问题；改革中"
            "推行巡办分离。",
            "model": "网格员越多、每周走访户数越多，巡查发现的隐性需求越多；巡办不分离时，网格员"
            "部分时间用于办理而非巡查。",
            "watch": "积压中的隐性需求和发现的需求、满意度和对居委会的信任（隐性需求积累怨气）、"
            "按积压着色的地图。",
        },
    },
    "burden_reduction": {
        "en": {
            "practice": "Burden reduction (减负增能): Shanghai's reform listed the administrative "
            "tasks a residents' committee assists with by law and admits no others "
            "(事务准入), because committees were consumed by forms, ledgers and assessments "
            "handed down from above.",
            "model": "Tasks from above take half of the committee's staff time by default. The "
            "admission list caps them at 30%; the freed hours go to residents' needs and "
            "mediation. Residents who see the committee solve their problems, and its staff "
            "among them rather than at their desks, come to see it as their own "
            "self-governing body rather than a government office.",
            "watch": "RC staff time on residents' needs, needs resolved and expired, needs "
            "unmet for lack of a supplier, and residents' view of the RC. Try a growing "
            "load of tasks from above (tasks_from_above_growth_per_year) with and without "
            "the list.",
        },
        "zh": {
            "practice": "减负增能：上海改革建立社区依法协助行政事务清单和事务准入机制，因为居委会"
            "被上级交办的表格、台账和考核占满了时间。",
            "model": "默认情况下，上级交办事务占居委会工作人员一半的时间。准入清单把这一比例限制"
            "在30%以内，腾出的时间用于居民需求和调解。看到居委会为自己解决问题、工作人员在居民"
            "中间而不是埋头填表的居民，会更把居委会当作自己的自治组织，而不是政府办事机构。",
            "watch": "居委会用于居民需求的时间、需求解决和过期的数量、因无人接单而未满足的需求，"
            "以及居民对居委会的看法。试着设置逐年增加的上级交办事务"
            "（tasks_from_above_growth_per_year），比较有无准入清单的差别。",
        },
    },
    "party_groups": {
        "en": {
            "practice": "Party groups at building level (党小组建在楼栋): resident party members "
            "are organised where they live, and each keeps in touch with a few households "
            "(党员联系户), so that needs nobody voices reach someone who can act.",
            "model": "Every building with three or more resident members forms a group. Each "
            "year its members are asked to become household contacts; those willing and "
            "with the hours do, and the role's hours come out of the hours they offer for "
            "orders. Contacts widen the building's channels, so more hidden needs are "
            "voiced. A branch whose members mostly live elsewhere reaches fewer households.",
            "watch": "Household contacts, members holding a role, needs voiced, hidden needs "
            "that expire. Try a larger in-service share of members (population.in_service_"
            "share) to see a hollowed branch.",
        },
        "zh": {
            "practice": "党小组建在楼栋：把居住地党员按居住楼栋组织起来，每名党员联系若干住户"
            "（党员联系户），让没人反映的需求也能传到能解决问题的人那里。",
            "model": "住有三名及以上居住地党员的楼栋成立党小组。每年请组内党员担任联系户，有意愿"
            "且有时间的党员会答应，联系户占用的时间从他们可接单的时间中扣除。联系户拓宽了楼栋的"
            "反映渠道，更多隐性需求被反映出来。党员大多不住在本社区的支部，能联系的住户更少。",
            "watch": "党员联系户人数、担任职务的党员比例、反映的需求、过期的隐性需求。"
            "可提高在职党员比例（population.in_service_share），看空心化的支部。",
        },
    },
    "social_organisations": {
        "en": {
            "practice": "Social organisations and social workers (三社联动: community, social "
            "organisations, social workers): the community buys services (政府购买服务) "
            "from social organisations whose social workers care for elderly and disabled "
            "residents at home. Organisations differ: some lack trained staff or are "
            "poorly run.",
            "model": "The community buys a number of social workers' hours a week from its own "
            "budget; those hours are a pool of their own on the supply list and take "
            "care needs first, so RC staff and volunteers keep their hours for other "
            "needs. A need they take on is resolved with the chance of the organisation's "
            "quality, drawn anew when the contract is tendered each year. When the money "
            "runs out fewer hours are bought, and the money spent here is money "
            "activities no longer have.",
            "watch": "Needs expired and resolved; social workers' hours bought and worked; "
            "spending and the budget left; participation late in the year (activities "
            "short of money). Lower the organisations' mean quality and watch how much "
            "the same hours resolve.",
        },
        "zh": {
            "practice": "三社联动（社区、社会组织、社会工作者）：社区通过政府购买服务，由社会组织的"
            "社工为老年人和残疾人提供居家照护。社会组织良莠不齐，有的缺乏专业人才、管理不规范。",
            "model": "社区每周用自己的经费购买一定时长的社工服务；这些时长在供给清单上单列，先承接"
            "照护需求，居委会工作人员和志愿者把时间留给其他需求。社工承接的需求按该组织的服务"
            "质量办结，每年重新招标时质量重新抽取。经费用完时少买服务，花在这里的钱活动就少了。",
            "watch": "过期和办结的需求、购买和实际服务的社工时长、支出和剩余经费、年末的参与率"
            "（活动经费不足）。调低社会组织平均质量，观察同样的时长能办结多少需求。",
        },
    },
    "online_channels": {
        "en": {
            "practice": "Online and one-stop channels (一门式 / 一网通办, WeChat and QQ groups): "
            "residents raise needs in the community's online groups, and a one-stop desk "
            "takes every matter at one door and routes it. Young and working residents "
            "use them most; elderly residents without a smartphone hardly at all.",
            "model": "Members of the groups post needs they have not voiced, needing less trust "
            "than walking into the office; membership is drawn by age group (the digital "
            "divide). The desk records and routes a need in less staff time. Members see "
            "what happens to the group's posts: answered posts raise their trust in the "
            "RC, posts left to expire lower it, and trust feeds voicing through every "
            "channel.",
            "watch": "Hidden needs in the backlog; needs expired; trust in the RC; the members "
            "and posts by age group (youth, working age, elderly). Lower the share of "
            "elderly with a smartphone and watch who is left out.",
        },
        "zh": {
            "practice": "线上和一门式渠道（一网通办、微信群、QQ群）：居民在社区线上群里反映需求，"
            "“一门式”受理窗口一个门口受理所有事项并分派。年轻人和在职居民用得最多，没有智能"
            "手机的老人几乎不用。",
            "model": "群成员在群里反映尚未反映的需求，所需信任比到办公室少；谁在群里按年龄组抽取"
            "（数字鸿沟）。受理窗口登记分派一项需求用时更少。群成员看到帖子的结果：得到回应"
            "提高他们对居委会的信任，无人处理降低信任，信任又影响各渠道的需求反映。",
            "watch": "积压中的隐性需求、过期需求、对居委会的信任、各年龄组（青年、劳动年龄、老年）"
            "的群成员和发帖。调低有智能手机的老人比例，观察谁被落下。",
        },
    },
    "professional_workers": {
        "en": {
            "practice": "Professional community workers (社区工作者职业化): the essays find the "
            "staff old and little educated (under 8% under 35, under 31% with college "
            "education); Shanghai's reform pays them above the average wage and gives "
            "them a ladder of post grades, and recruits graduates.",
            "model": "Each post is held by a worker with a skill, an age group and weeks in "
            "post. New workers need months to learn the community before their skill "
            "tells fully; posts left empty give no hours. Pay and the ladder lower "
            "turnover, and the ladder rewards qualification with skill. A more competent "
            "staff resolves more of the needs it takes on, in less time each.",
            "watch": "Staff competence, new staff and quits; needs expired and resolved. Switch "
            "pay and the ladder off and watch turnover rise and competence fall.",
        },
        "zh": {
            "practice": "社区工作者职业化：调研发现工作人员年龄偏大、学历偏低（35岁以下不足8%，大专"
            "以上不足31%）；上海的改革使其薪酬高于社会平均工资，建立岗位等级序列，并招录"
            "毕业生。",
            "model": "每个岗位上的工作人员有能力、年龄组和在岗周数。新人需要几个月熟悉社区，能力才"
            "能充分发挥；空缺岗位没有工时。薪酬和晋升通道降低流失，岗位等级奖励取得资格、"
            "提高能力。能力更强的队伍办结更多需求，每项用时更少。",
            "watch": "工作人员能力、新人比例和离职人数；过期和办结的需求。关闭薪酬和晋升通道，观察"
            "流失上升、能力下降。",
        },
    },
}

# Villages and the street (issue 11, items 6 and 7).
EXPLANATIONS.update(
    {
        "four_deliberations": {
            "en": {
                "practice": "Four deliberations and two disclosures (四议两公开): in a village, "
                "a collective matter is proposed by the party branch, discussed by the two "
                "committees, deliberated by the party members' meeting and decided by the "
                "villagers' representatives; the decision and its result are made public.",
                "model": "A monthly round (villages only) takes the cadres' time for each "
                "collective matter (repairs, environment), invites villagers to deliberate "
                "(more shallow and deep participation), and discloses each grid's collective "
                "matters resolved or expired: villagers' trust in the committee moves with "
                "the record shown, up when matters are resolved, down when they expire.",
                "watch": "Deep participation; trust in the committee (it can fall when a weak "
                "committee lets matters expire); needs expired.",
            },
            "zh": {
                "practice": "四议两公开：村里的集体事务由村党支部提议、村两委商议、党员大会审议、"
                "村民代表会议决议，决议和实施结果向村民公开。",
                "model": "每月一轮（仅在村）：每项集体事务（维修、环境）占用村干部时间；"
                "邀请村民参与"
                "商议（浅层和深度参与增加）；按网格公开已办结或已超期的集体事务，村民对村委会的"
                "信任随公开的记录变化：办结多则上升，超期多则下降。",
                "watch": "深度参与、对村委会的信任（村委会薄弱、事务超期时可能下降）、过期需求。",
            },
        },
        "village_supervision": {
            "en": {
                "practice": "The village affairs supervision committee (村务监督委员会): a few "
                "elected villagers supervise village affairs and finances and take "
                "villagers' complaints.",
                "model": "A monthly review (villages only), paid as allowances to its members, "
                "takes up the village's oldest open disputes after local mediation and "
                "settles some of them before they escalate to petitions, so less trust is "
                "lost to escalations.",
                "watch": "Disputes escalated and settled by the supervision committee; trust in "
                "the committee.",
            },
            "zh": {
                "practice": "村务监督委员会：由村民选出的几名成员监督村务和财务，受理村民意见。",
                "model": "每月审查一次（仅在村），成员领取补贴；在本地调解之后、升级之前受理村里"
                "最早的未结纠纷并化解一部分，减少信访升级带来的信任损失。",
                "watch": "升级的纠纷、村务监督委员会化解的纠纷、对村委会的信任。",
            },
        },
        "dedication_day": {
            "en": {
                "practice": "Party members' dedication day (党员奉献日): on a fixed day each "
                "month the party members of a village or community serve together.",
                "model": "Every party member living in the community offers extra hours that "
                "week, which take the orders residents can handle in their grid; hours left "
                "go to home visits to the elderly. Where the young members are away working, "
                "fewer hours come.",
                "watch": "Resident hours worked, needs resolved, needs found on visits.",
            },
            "zh": {
                "practice": "党员奉献日：每月固定一天，村或社区的党员集中开展服务。",
                "model": "在本地居住的每名党员当周多提供服务时长，承接本网格居民可办的需求；剩余"
                "时间用于走访老人。年轻党员外出务工越多，奉献日的力量越少。",
                "watch": "居民服务时长、解决的需求、走访发现的需求。",
            },
        },
        "street_pool": {
            "en": {
                "practice": "The street (街道) runs several communities; its own staff, paid by "
                "the district, are sent down to communities as the work requires.",
                "model": "Each week the street's staff hours are shared among its communities "
                "in proportion to their backlogs of voiced needs and added to their staff's "
                "hours.",
                "watch": "Needs resolved and expired by community (grid table's community column).",
            },
            "zh": {
                "practice": "街道管辖若干社区；街道自有工作人员由区财政保障，按工作需要下沉社区。",
                "model": "每周把街道工作人员的工时按各社区已反映需求的积压比例分配，"
                "加入社区的人力。",
                "watch": "各社区解决和过期的需求（网格表的社区列）。",
            },
        },
        "big_working_committee": {
            "en": {
                "practice": "Regional party building (区域化党建): the street's big working "
                "committee (大工委) co-opts the party leaders of stationed and paired units as "
                "part-time members (兼职委员), from each unit fighting alone to the street "
                "fighting as a whole.",
                "model": "Co-opted units give more hours a week, and their hours leave the one "
                "community they are paired with to go where the street's backlog is.",
                "watch": "Unit hours worked, needs expired across the street, the communities "
                "with the larger backlogs.",
            },
            "zh": {
                "practice": "区域化党建：街道“大工委”吸纳驻区和结对单位党组织负责人为兼职委员，"
                "推动从“单打独斗”向“整体作战”转变。",
                "model": "被吸纳单位每周多提供服务时长，并且不再只服务结对社区，而是按全街道的需求"
                "积压统一调配。",
                "watch": "单位服务时长、全街道过期需求、积压较多的社区。",
            },
        },
        "leader_contact": {
            "en": {
                "practice": "Leaders' point-to-point contact (包联 / 领导包保): "
                "higher-level leaders "
                "each take a community, bringing attention, money and their departments' "
                "staff, and asking for reports.",
                "model": "Leaders go to the weakest communities first; each brings money every "
                "year and department staff hours every week, and takes staff hours for "
                "reports. Whether it helps depends on the balance.",
                "watch": "Needs expired in the contacted communities; staff hours on reports.",
            },
            "zh": {
                "practice": "领导包联（领导包保）：上级领导各联系一个社区，"
                "带来关注、资金和部门力量，"
                "同时要求汇报。",
                "model": "领导优先包联最薄弱的社区：每年带来资金，每周派部门人员下沉，同时占用社区"
                "工作人员准备汇报的工时。是否有帮助取决于两者的平衡。",
                "watch": "被包联社区的过期需求、汇报占用的工时。",
            },
        },
    }
)

#: The mechanisms in the order the Explain page shows them (MODEL.md section 4).
ORDER = (
    "burden_reduction",
    "dual_reporting",
    "big_party_committee",
    "point_incentives",
    "three_lists",
    "grid_management",
    "party_groups",
    "social_organisations",
    "online_channels",
    "professional_workers",
)
#: Villages and the street (issue 11), after the urban mechanisms.
ORDER = (
    *ORDER,
    "four_deliberations",
    "village_supervision",
    "dedication_day",
    "street_pool",
    "big_working_committee",
    "leader_contact",
)


def explanation(name: str, lang: Lang) -> dict[str, str] | None:
    """The explanation of a mechanism in ``lang``, or None if there is none."""
    entry = EXPLANATIONS.get(name)
    if entry is None:
        return None
    return entry.get(lang) or entry.get("en")
