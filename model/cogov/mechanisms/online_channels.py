"""Online and one-stop channels (一门式 / 一网通办, WeChat and QQ groups).

Field practice: communities "構建微信羣、QQ羣等" ("build WeChat groups, QQ groups and the
like", Faku) and platforms meant to be "群众反馈诉求、监督治理成效、畅通干群联系的桥梁" ("a
bridge for residents to voice demands, watch over governance results and reach cadres",
essays); a one-stop desk (Shanghai's 社区事务受理服务中心, "一门式" handling) takes every
matter at one door and routes it. The residents' situation map (民情图) the essays
describe is the desk's record of households; the model does not represent it apart from
the desk. Who is in the groups differs by age: young and working residents are, elderly
residents without a smartphone are not (the digital divide).

Causal pathway (state changed, never an outcome):

1. *Membership* (set-up): each resident is in the community's online groups with a chance
   by group: ``use_youth``; working age ``use_working_employed`` or ``use_working_other``;
   elderly ``elderly_smartphone_share × use_elderly_with_smartphone`` (no smartphone, no
   group). Columns ``online_members_share_<age>`` report it by age group.
2. *Voicing at low cost* (phase 1, ``needs``): every week a member posts each of their
   needs still hidden with chance ``weekly_post_rate × 1 / (1 + exp(−slope·(trust_rc −
   threshold + trust_threshold_offset)))``, with ``slope`` and ``threshold`` those of
   walking in (``channels.voice_trust_slope``, ``channels.voice_trust_threshold``): posting
   takes less trust than going to the office. A posted need is voiced
   (:class:`cogov.week.Voicing`); ``needs_posted_online_<age>`` count them by age group.
3. *Routing* (phase 2, ``dispatch_policy``): the one-stop desk records and routes every
   voiced need in ``desk_dispatch_hours_per_need`` of staff time instead of
   ``community.dispatch_hours_per_need`` (the lesser of the two, with three lists'), so RC
   staff keep more hours for needs.
4. *Responsiveness seen* (phase 9, ``adaptation``): members see what happens to the
   group's posts. For every posted need resolved or expired this week, members of its
   community gain or lose trust in the RC ``seen_trust_weight`` times the poster's own
   feedback (``adaptation.trust_resolved``, ``adaptation.trust_expired``), spread over the
   community's members: ``Δtrust = w·(trust_resolved·R_c − trust_expired·E_c) / M_c``. A
   responsive RC gains its members' trust, an unresponsive one loses it, and trust feeds
   voicing through every channel (phase 1).
5. *Money*: running the groups, platform and desk costs ``platform_yuan_per_week`` per
   community (``spending_online_channels_yuan``), all or nothing (:mod:`cogov.money`): in
   a week a community cannot pay, its members post nothing and see nothing; the desk, one
   policy for the whole run, routes only in weeks every community can pay.

Parameters (``[mechanisms.online_channels]``, see :class:`cogov.params.OnlineChannelsParams`):
``use_youth``, ``use_working_employed``, ``use_working_other``,
``elderly_smartphone_share``, ``use_elderly_with_smartphone`` (shares),
``weekly_post_rate`` (1/week), ``trust_threshold_offset`` (trust, 0–1),
``desk_dispatch_hours_per_need`` (hours, 0–10), ``seen_trust_weight`` (multiplier, 0–20),
``platform_yuan_per_week`` (yuan/week, 0–10⁵).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from cogov.ledgers import EXPIRED
from cogov.mechanisms.base import Mechanism
from cogov.money import Money, Spending
from cogov.params import OnlineChannelsParams
from cogov.population import AGE_GROUPS, WORKING_AGE, YOUTH, Residents
from cogov.week import DispatchPlan, Voicing, Week

AGE_COLUMNS = tuple(f"online_members_share_{age}" for age in AGE_GROUPS)
POSTED_COLUMNS = tuple(f"needs_posted_online_{age}" for age in AGE_GROUPS)


class OnlineChannels(Mechanism):
    """Online groups to voice needs cheaply, a one-stop desk that routes them."""

    name = "online_channels"
    params_model = OnlineChannelsParams
    columns = (*AGE_COLUMNS, *POSTED_COLUMNS, "online_seen_trust_change")
    writes = ("voicing", "plan.policy", "residents.trust_rc", "money")

    def setup(self) -> None:
        """Draw who is in the community's online groups."""
        p: OnlineChannelsParams = self.params
        res = self.world.residents
        share = np.select(
            [res.age == YOUTH, (res.age == WORKING_AGE) & res.employed, res.age == WORKING_AGE],
            [p.use_youth, p.use_working_employed, p.use_working_other],
            default=p.elderly_smartphone_share * p.use_elderly_with_smartphone,
        )
        #: Residents in the online groups.
        self.member = self.rng.random(res.n) < share
        n_comm = self.world.n_communities
        self.members_of = np.bincount(res.community[self.member], minlength=n_comm)
        sizes = np.bincount(res.age, minlength=len(AGE_GROUPS))
        in_group = np.bincount(res.age[self.member], minlength=len(AGE_GROUPS))
        self.member_share = in_group / np.maximum(sizes, 1)
        #: Per ledger index, whether the need was posted online (grown with the ledger).
        self.posted = np.zeros(1024, dtype=bool)
        self.paid = np.ones(n_comm, dtype=bool)
        self.posted_by_age = np.zeros(len(AGE_GROUPS))
        self.seen_change = 0.0

    def week_start(self, week: Week, money: Money) -> None:
        """Pay for the platform and the desk, in full, or they do not run this week."""
        cost = self.params.platform_yuan_per_week
        for c in range(self.world.n_communities):
            self.paid[c] = cost <= 0 or money.spend(c, Spending.ONLINE_CHANNELS, cost) > 0

    def needs(self, week: Week, voicing: Voicing) -> None:
        """Members post their hidden needs, more readily than they would walk in."""
        p: OnlineChannelsParams = self.params
        ch = self.world.params.channels
        res = self.world.residents
        led = self.world.needs
        hidden = voicing.hidden()
        who = led.resident[hidden]
        ok = self.member[who] & self.paid[res.community[who]]
        hidden, who = hidden[ok], who[ok]
        threshold = ch.voice_trust_threshold - p.trust_threshold_offset
        chance = p.weekly_post_rate / (
            1.0 + np.exp(-ch.voice_trust_slope * (res.trust_rc[who] - threshold))
        )
        post = self.rng.random(len(hidden)) < chance
        posted = hidden[post]
        voicing.voice(posted, by_residents=True)  # voiced, not discovered
        if len(led) > len(self.posted):
            grown = np.zeros(max(len(led), 2 * len(self.posted)), dtype=bool)
            grown[: len(self.posted)] = self.posted
            self.posted = grown
        self.posted[posted] = True
        self.posted_by_age = np.bincount(
            res.age[led.resident[posted]], minlength=len(AGE_GROUPS)
        ).astype(float)

    def dispatch_policy(self, week: Week, plan: DispatchPlan) -> None:
        """The one-stop desk records and routes a need in less staff time."""
        if not self.paid.all():
            return  # one policy for the run: the desk routes only when every community pays
        hours = min(plan.policy.dispatch_hours_per_need, self.params.desk_dispatch_hours_per_need)
        plan.policy = replace(plan.policy, dispatch_hours_per_need=hours)

    def adaptation(self, week: Week, residents: Residents) -> None:
        """Members see the group's posts answered or left to expire; their trust follows."""
        p: OnlineChannelsParams = self.params
        a = self.world.params.adaptation
        led = self.world.needs
        ended = np.concatenate((week.services.resolved, week.services.expired))
        ended = ended[self.posted[ended]]
        self.seen_change = 0.0
        if len(ended) == 0 or p.seen_trust_weight <= 0:
            return
        comm = residents.community[led.resident[ended]]
        n_comm = self.world.n_communities
        good = np.bincount(comm[led.status[ended] != EXPIRED], minlength=n_comm)
        bad = np.bincount(comm[led.status[ended] == EXPIRED], minlength=n_comm)
        per_member = (
            p.seen_trust_weight
            * (a.trust_resolved * good - a.trust_expired * bad)
            / np.maximum(self.members_of, 1)
        )
        per_member *= self.paid  # unpaid: the groups are down, nobody sees anything
        change = np.where(self.member, per_member[residents.community], 0.0)
        before = residents.trust_rc.copy()
        residents.trust_rc += change
        np.clip(residents.trust_rc, 0.0, 1.0, out=residents.trust_rc)
        self.seen_change = float((residents.trust_rc - before).sum() / residents.n)

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """Membership and posts by age group (the digital divide); trust moved by what is seen."""
        for k, col in enumerate(AGE_COLUMNS):
            row[col] = float(self.member_share[k])
        for k, col in enumerate(POSTED_COLUMNS):
            row[col] = float(self.posted_by_age[k])
        row["online_seen_trust_change"] = self.seen_change
