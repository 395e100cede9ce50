"""Independent checker of seminar schedules, shared by our engine and the CP-SAT model.

Usage: seminar_check.py PROBLEM.json SCHEDULE.json [--json]

Reads the problem as `planner-bench seminar` writes it and a schedule in the same terms (sessions with
time, venue and trainer indices; payments by funder), checks every hard constraint and computes the
objective from scratch, written from docs/formats.md and not from the Swift code:

  hard: a placed cohort has all its sessions, at allowed times, with a suitable venue and trainer, one
        venue and one trainer each; no venue, trainer or track used twice at overlapping times; nothing
        at a blocked time; consecutive sessions between min_gap and max_gap calendar days apart; a
        trainer's sessions per week within their maximum; prerequisites finished before a cohort starts;
        every cost paid in full by funders that may pay it, within each funder's rate and budget.
  objective: unplaced cohorts (unplaced_penalty × (1 + priority)), plus per cohort
        trainer-change, venue-change, outside-territory, cost-per-euro (whole euros of fees + rent),
        same-day weights, plus idle slots between a track's sessions on a day × track-gap.

Prints `hard N objective X placed P/C` (or JSON with --json); exits 1 when a hard constraint is broken.
"""

import json
import sys
from collections import defaultdict


def check(problem, schedule):
    slots = len(problem["slots"])
    overlapping = problem["overlapping"]
    days = problem["days"]
    venues = problem["venues"]
    trainers = problem["trainers"]
    offerings = problem["offerings"]
    weights = problem["weights"]
    problems = []

    by_cohort = defaultdict(list)
    for session in schedule["sessions"]:
        by_cohort[(session["offering"], session["cohort"])].append(session)

    def day(time):
        return time // slots

    def clash_key(time):
        return [(day(time), other) for other in overlapping[time % slots]]

    venue_use = defaultdict(list)
    trainer_use = defaultdict(list)
    week_load = defaultdict(int)
    objective = 0
    placed = 0
    cohorts = [(o, c) for o, offering in enumerate(offerings) for c in range(1, offering["cohorts"] + 1)]
    costs = {}
    for key in cohorts:
        o, c = key
        offering = offerings[o]
        sessions = sorted(by_cohort.get(key, []), key=lambda s: s["time"])
        if not sessions:
            objective += problem["unplaced_penalty"] * (1 + max(0, offering["priority"]))
            continue
        placed += 1
        if len(sessions) != offering["sessions"]:
            problems.append(f"{offering['id']}#{c}: {len(sessions)} sessions, needs {offering['sessions']}")
        allowed = set(offering["times"])
        fees = rent = 0
        for session in sessions:
            t, v, r = session["time"], session["venue"], session["trainer"]
            if t not in allowed:
                problems.append(f"{offering['id']}#{c}: time {t} not allowed")
            if v not in offering["venues"]:
                problems.append(f"{offering['id']}#{c}: venue {venues[v]['id']} does not suit")
            if r not in offering["trainers"]:
                problems.append(f"{offering['id']}#{c}: trainer {trainers[r]['id']} may not teach it")
            if t in venues[v]["blocked"] or t in trainers[r]["blocked"]:
                problems.append(f"{offering['id']}#{c}: time {t} blocked")
            venue_use[v].append((t, key))
            trainer_use[r].append((t, key))
            week_load[(r, days[day(t)]["week"])] += 1
            fees += trainers[r]["fee"]
            rent += venues[v]["cost"]
        for first, second in zip(sessions, sessions[1:]):
            gap = days[day(second["time"])]["ordinal"] - days[day(first["time"])]["ordinal"]
            if gap < offering["min_gap"] or (offering["min_gap"] == 0 and first["time"] == second["time"]):
                problems.append(f"{offering['id']}#{c}: sessions {gap} days apart, at least {offering['min_gap']}")
            if offering.get("max_gap") is not None and gap > offering["max_gap"]:
                problems.append(f"{offering['id']}#{c}: sessions {gap} days apart, at most {offering['max_gap']}")
        for prerequisite in offering["prerequisites"]:
            partner = (prerequisite, min(c, offerings[prerequisite]["cohorts"]))
            before = by_cohort.get(partner)
            if not before or day(max(s["time"] for s in before)) >= day(sessions[0]["time"]):
                problems.append(f"{offering['id']}#{c}: starts before its prerequisite ends")
        first_trainer, first_venue = sessions[0]["trainer"], sessions[0]["venue"]
        objective += weights["trainer_change"] * sum(s["trainer"] != first_trainer for s in sessions)
        objective += weights["venue_change"] * sum(s["venue"] != first_venue for s in sessions)
        if offering.get("territory"):
            outside = sum(venues[s["venue"]]["territory"] != offering["territory"] for s in sessions)
            objective += weights["outside_territory"] * outside
        objective += weights["cost_per_euro"] * ((fees + rent) // 100)
        distinct_days = len({day(s["time"]) for s in sessions})
        objective += weights["same_day"] * (len(sessions) - distinct_days)
        costs[key] = {
            "trainer-fees": fees,
            "venue-costs": rent,
            "territories": {venues[s["venue"]]["territory"] for s in sessions} | ({offering["territory"]} if offering.get("territory") else set()),
        }

    def no_double_booking(uses, what, name):
        taken = {}
        for time, key in uses:
            for slot_key in clash_key(time):
                if slot_key in taken and taken[slot_key] != (key, time):
                    problems.append(f"{what} {name} used twice at time {time}")
            taken[(day(time), time % slots)] = (key, time)

    for v, uses in venue_use.items():
        no_double_booking(uses, "venue", venues[v]["id"])
    for r, uses in trainer_use.items():
        no_double_booking(uses, "trainer", trainers[r]["id"])
    for (r, week), load in week_load.items():
        if trainers[r]["max_per_week"] > 0 and load > trainers[r]["max_per_week"]:
            problems.append(f"trainer {trainers[r]['id']}: {load} sessions in week {week}, at most {trainers[r]['max_per_week']}")
    for track in problem["tracks"]:
        uses = []
        per_day = defaultdict(set)
        for member in track:
            for session in by_cohort.get((member["offering"], member["cohort"]), []):
                uses.append((session["time"], (member["offering"], member["cohort"])))
                per_day[day(session["time"])].add(session["time"] % slots)
        no_double_booking(uses, "track of", offerings[track[0]["offering"]]["id"] if track else "?")
        for used in per_day.values():
            objective += weights["track_gap"] * (max(used) - min(used) + 1 - len(used))

    # Funding: every cost paid in full, by funders allowed to, within rates and budgets.
    funders = problem["funders"]
    paid = defaultdict(int)
    by_funder_cohort = defaultdict(int)
    spent = defaultdict(int)
    for payment in schedule["funding"]:
        key = (payment["offering"], payment["cohort"])
        funder = funders[payment["funder"]]
        offering = offerings[payment["offering"]]
        if key not in costs:
            problems.append(f"payment for unplaced {offering['id']}#{payment['cohort']}")
            continue
        if payment["amount"] < 0:
            problems.append("negative payment")
        if payment["kind"] not in funder["pays"]:
            problems.append(f"{funder['id']} does not pay {payment['kind']}")
        if funder["audiences"] and offering["audience"] not in funder["audiences"]:
            problems.append(f"{funder['id']} does not fund {offering['audience']}")
        if funder["territories"] and not (costs[key]["territories"] & set(funder["territories"])):
            problems.append(f"{funder['id']} does not fund that territory")
        if funder["curricula"] and not (set(offering["curricula"]) & set(funder["curricula"])):
            problems.append(f"{funder['id']} does not fund that curriculum")
        paid[(key, payment["kind"])] += payment["amount"]
        by_funder_cohort[(payment["funder"], key)] += payment["amount"]
        spent[payment["funder"]] += payment["amount"]
    for key, cost in costs.items():
        for kind in ("trainer-fees", "venue-costs"):
            if paid[(key, kind)] != cost[kind]:
                problems.append(f"{offerings[key[0]]['id']}#{key[1]}: {kind} {cost[kind]} paid {paid[(key, kind)]}")
    for (f, key), amount in by_funder_cohort.items():
        total = costs.get(key, {}).get("trainer-fees", 0) + costs.get(key, {}).get("venue-costs", 0)
        if amount * 10_000 > funders[f]["rate_basis_points"] * total:
            problems.append(f"{funders[f]['id']} pays more than its rate of {offerings[key[0]]['id']}#{key[1]}")
    for f, amount in spent.items():
        if amount > funders[f]["budget"]:
            problems.append(f"{funders[f]['id']} over budget: {amount} > {funders[f]['budget']}")
    return {"hard": len(problems), "problems": problems[:20], "objective": objective, "placed": placed, "cohorts": len(cohorts)}


def main():
    with open(sys.argv[1]) as handle:
        problem = json.load(handle)
    with open(sys.argv[2]) as handle:
        schedule = json.load(handle)
    result = check(problem, schedule)
    if "--json" in sys.argv:
        print(json.dumps(result))
    else:
        for line in result["problems"]:
            print("  " + line, file=sys.stderr)
        print(f"hard {result['hard']} objective {result['objective']} placed {result['placed']}/{result['cohorts']}")
    sys.exit(1 if result["hard"] else 0)


if __name__ == "__main__":
    main()
