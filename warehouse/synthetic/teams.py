"""Work teams and cadres: a team for every poor village, the rest rotating or elsewhere,
and first secretaries serving villages alone until a team comes.

Calibration: teams and cadres sent, and teams, cadres and first secretaries in post in
2016, are published; the values below only shape terms, sizes and years.
"""

import numpy as np
import pandas as pd

from warehouse.synthetic.common import Rand, Targets, draw, temp_table

# Published "over" figures: land just above the floor, within 1% of it.
OVER_FLOOR = 1.0067
SENDING_LEVEL_SHARES = {"central": 0.03, "province": 0.17, "city": 0.30, "county": 0.50}
TEAM_MEMBER_SHARES = {2: 0.10, 3: 0.30, 4: 0.35, 5: 0.25}
TEAM_START_SHARES = {2013: 0.10, 2014: 0.25, 2015: 0.50, 2016: 0.15}
# Teams for villages that are not poor: those serving in 2016 came in 2015-2016, the rest
# (most: about 128,000 teams were in post in 2016 of 255,000 ever sent) from 2017.
OTHER_EARLY_START_SHARES = {2015: 0.6, 2016: 0.4}
OTHER_LATE_START_SHARES = {2017: 0.5, 2018: 0.3, 2019: 0.2}
# First secretaries sent alone, to villages whose work team came later or never: from
# these years until the team arrives (or to 2020).
LONE_SECRETARY_START_SHARES = {2015: 0.6, 2016: 0.4}
# Teams stayed on after their village exited ("exit without withdrawing support").
TEAM_STAYS_TO_2020 = 0.5
# Share of the teams beyond one per poor village that replace a poor village's first team.
TEAM_ROTATION_SHARE = 0.1


def insert_teams_and_cadres(con, counties, villages, targets: Targets, rand: Rand):
    """Every poor village gets a team; rotations and other villages take the rest. The teams,
    cadres and first secretaries in post in 2016 are the published ones exactly."""
    rng = rand.rng("teams")
    total = targets.count("work_teams_sent")
    in_post = targets.count("work_teams_in_post", 2016)
    poor = villages[villages.is_poor]
    cap_year = villages.cap.to_numpy()
    start = draw(TEAM_START_SHARES, len(poor), rng).astype(int)
    end = np.where(rng.random(len(poor)) < TEAM_STAYS_TO_2020, 2020, poor.exit_year.to_numpy(int))
    start = np.minimum(start, end)
    extra = total - len(poor)
    # Some of the extra teams replace a poor village's first team part-way.
    long_lived = np.flatnonzero(end - start >= 1)
    n_rotations = min(int(extra * TEAM_ROTATION_SHARE), len(long_lived))
    rotated = long_lived[rng.choice(len(long_lived), n_rotations, replace=False)]
    split = start[rotated] + (rng.random(n_rotations) * (end[rotated] - start[rotated])).astype(int)
    # A rotated village still has one team each year, so rotations leave 2016 as it was.
    early = in_post - int(((start <= 2016) & (end >= 2016)).sum())
    first = pd.DataFrame({"village_id": poor.village_id.to_numpy(), "start": start, "end": end})
    second = pd.DataFrame({"village_id": first.village_id.to_numpy()[rotated],
                           "start": split + 1, "end": end[rotated]})
    first.loc[rotated, "end"] = split
    others = villages[~villages.is_poor]
    n_other = extra - n_rotations
    if not 0 <= early <= n_other:
        raise ValueError(f"cannot put {in_post} teams in post in 2016: {early} other villages' "
                         f"teams would have to serve then, of {n_other}")
    picked = others.iloc[np.sort(rng.choice(len(others), n_other,
                                            replace=n_other > len(others)))]
    is_early = np.zeros(n_other, bool)
    is_early[rng.choice(n_other, early, replace=False)] = True
    other_start = np.where(is_early, draw(OTHER_EARLY_START_SHARES, n_other, rng).astype(int),
                           draw(OTHER_LATE_START_SHARES, n_other, rng).astype(int))
    other_end = np.where(rng.random(n_other) < TEAM_STAYS_TO_2020, 2020,
                         np.maximum(cap_year[picked.village_id.to_numpy() - 1], other_start))
    other_end = np.where(is_early, np.maximum(other_end, 2016), other_end)
    third = pd.DataFrame({"village_id": picked.village_id.to_numpy(), "start": other_start,
                          "end": other_end})
    teams = pd.concat([first, second, third]).sort_values(["village_id", "start"],
                                                          kind="stable")
    teams = teams.reset_index(drop=True)
    teams.insert(0, "team_id", np.arange(1, len(teams) + 1))
    teams["county_adcode"] = villages.county_adcode.to_numpy()[teams.village_id - 1]
    teams["sending_level"] = draw(SENDING_LEVEL_SHARES, len(teams), rng)
    teams["members"] = _team_members(teams, targets, rng)
    temp_table(con, "_syn_teams", teams)
    con.execute(
        """INSERT INTO work_teams SELECT team_id, village_id, county_adcode, sending_level,
                  start, "end", members FROM _syn_teams"""
    )
    con.execute("DROP TABLE _syn_teams")
    _insert_cadres(con, teams, _lone_secretary_posts(teams, villages, targets, rng), targets,
                   rng)
    return teams


def _team_members(teams: pd.DataFrame, targets: Targets, rng) -> np.ndarray:
    """Cadres per team; the teams in post in 2016 hold the published cadres in post then,
    less the first secretaries serving without a team."""
    members = draw(TEAM_MEMBER_SHARES, len(teams), rng).astype(int)
    serving = np.flatnonzero((teams.start <= 2016).to_numpy() & (teams.end >= 2016).to_numpy())
    alone = targets.count("first_secretaries_in_post", 2016) - len(serving)
    seats = targets.count("cadres_in_post", 2016) - alone
    lo, hi = min(TEAM_MEMBER_SHARES), max(TEAM_MEMBER_SHARES)
    gap = seats - int(members[serving].sum())
    while gap:  # one seat at a time, in random teams with room
        room = serving[members[serving] < hi] if gap > 0 else serving[members[serving] > lo]
        if len(room) == 0:
            raise ValueError(f"cannot seat {seats} cadres in the {len(serving)} teams of 2016")
        picks = rng.choice(room, min(abs(gap), len(room)), replace=False)
        members[picks] += int(np.sign(gap))
        gap -= int(np.sign(gap)) * len(picks)
    return members


def _lone_secretary_posts(teams: pd.DataFrame, villages: pd.DataFrame, targets: Targets,
                          rng) -> pd.DataFrame:
    """Villages served by a first secretary alone: as many in 2016 as the published first
    secretaries in post beyond the teams' own, each until its village's team arrives."""
    serving = int(((teams.start <= 2016) & (teams.end >= 2016)).sum())
    needed = targets.count("first_secretaries_in_post", 2016) - serving
    arrival = teams.groupby("village_id").start.min()
    candidates = villages.loc[~villages.is_poor, ["village_id", "county_adcode"]]
    candidates = candidates.assign(
        arrival=candidates.village_id.map(arrival).fillna(2021).astype(int).to_numpy())
    candidates = candidates[candidates.arrival >= 2017]
    if needed > len(candidates):
        raise ValueError(f"{needed} first secretaries alone in 2016, {len(candidates)} villages")
    posts = candidates.iloc[np.sort(rng.choice(len(candidates), max(needed, 0), replace=False))]
    return pd.DataFrame({
        "village_id": posts.village_id.to_numpy(), "county_adcode": posts.county_adcode.to_numpy(),
        "start": draw(LONE_SECRETARY_START_SHARES, len(posts), rng).astype(int),
        "end": np.minimum(posts.arrival.to_numpy() - 1, 2020)})


def _insert_cadres(con, teams: pd.DataFrame, lone: pd.DataFrame, targets: Targets,
                   rng) -> None:
    """Cadres per seat (a team's member slots, a lone first secretary's post) rotate in
    consecutive, non-overlapping terms over the seat's life."""
    team_seats = teams.loc[teams.index.repeat(teams.members),
                           ["team_id", "village_id", "county_adcode", "start", "end"]]
    team_seats["slot"] = team_seats.groupby("team_id").cumcount()
    lone_seats = lone.assign(team_id=pd.array([None] * len(lone), dtype="Int64"), slot=0)
    slots = pd.concat([team_seats.astype({"team_id": "Int64"}), lone_seats],
                      ignore_index=True)
    life = (slots.end - slots.start + 1).to_numpy()
    # Rotations per year differ by slot; first secretaries (slot 0) serve longer terms.
    pace = rng.lognormal(0, 0.35, len(slots)) * np.where(slots.slot == 0, 0.6, 1.0)
    target = targets.count("cadres_sent", factor=OVER_FLOOR)

    def terms(rate: float) -> np.ndarray:
        return np.clip(np.round(life * pace * rate), 1, life)

    lo, hi = 0.01, 10.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if terms(mid).sum() < target else (lo, mid)
    n = terms(hi).astype(np.int64)
    # Exact total: remove or add single terms in random slots that have room.
    gap = target - int(n.sum())
    room = np.flatnonzero(n < life) if gap > 0 else np.flatnonzero(n > 1)
    n[rng.choice(room, size=min(abs(gap), len(room)), replace=False)] += int(np.sign(gap))
    slots["n"] = n
    slots["first_cadre"] = np.cumsum(n) - n + 1
    temp_table(con, "_syn_slots", slots)
    con.execute(
        """INSERT INTO cadres
           SELECT s.first_cadre + r.i, s.team_id, s.village_id, s.county_adcode,
                  CASE WHEN s.slot = 0 THEN 'first_secretary' ELSE 'member' END,
                  s.start + (r.i * (s."end" - s.start + 1)) // s.n,
                  s.start + ((r.i + 1) * (s."end" - s.start + 1)) // s.n - 1
           FROM _syn_slots s, range(s.n) r(i)"""
    )
    con.execute("DROP TABLE _syn_slots")
