"""The seminar problem as an OR-tools CP-SAT model: the peer our engine is measured against.

Usage: seminar_cpsat.py PROBLEM.json OUTPUT.json [--seconds 30] [--workers 2] [--venues 16] [--seed 1]

Reads the problem `planner-bench seminar` writes (static filters applied) and writes a schedule in the
same terms, which bench/seminar_check.py scores like ours. The model, from docs/formats.md:

- per cohort: `placed`; one trainer and one venue for all its sessions (as our engine schedules;
  trainer-change and venue-change then cost nothing); each session an integer time among the
  offering's allowed times, in order, consecutive sessions min_gap..max_gap calendar days apart;
- no-overlap per trainer, per venue and per track (optional unit intervals on the time axis; the
  generated calendars have no overlapping slots), blocked times as fixed intervals;
- a trainer's sessions per week at most their maximum;
- prerequisites: a cohort starts on a later day than its prerequisite cohort's last session;
- funding: per cohort, funder and cost kind an integer payment; each cost paid in full; a funder pays
  only the kinds, audiences, territories and curricula it funds, at most its rate of the cohort's cost,
  and within its budget;
- objective (minimised, the checker's): unplaced cohorts × unplaced_penalty × (1 + priority) +
  outside-territory sessions × weight + whole euros of fees and rent × weight + idle track slots ×
  weight (same-day needs min_gap 0, which generated problems never have; asserted).

Each cohort is offered its `--venues` best suitable venues (in its territory first, then cheapest): with
every suitable venue the L model has millions of optional intervals and does not even load in the time
limit. That narrowing helps CP-SAT; it never excludes the venues an optimal schedule would prefer.
"""

import argparse
import json
import time
from collections import defaultdict

from ortools.sat.python import cp_model


def build(problem, venue_limit):
    model = cp_model.CpModel()
    slots = len(problem["slots"])
    assert all(group == [index] for index, group in enumerate(problem["overlapping"])), "overlapping slots"
    days = problem["days"]
    ordinals = [d["ordinal"] for d in days]
    weeks_of_time = [days[t // slots]["week"] for t in range(len(days) * slots)]
    venues, trainers, offerings, funders = problem["venues"], problem["trainers"], problem["offerings"], problem["funders"]
    weights = problem["weights"]
    objective = []
    trainer_intervals = defaultdict(list)
    venue_intervals = defaultdict(list)
    week_terms = defaultdict(list)
    cohorts = {}
    spent = defaultdict(list)
    track_of = defaultdict(list)
    for index, track in enumerate(problem["tracks"]):
        for member in track:
            track_of[(member["offering"], member["cohort"])].append(index)
    track_intervals = defaultdict(list)
    track_time_uses = defaultdict(lambda: defaultdict(list))

    for o, offering in enumerate(offerings):
        assert offering["min_gap"] >= 1, "same-day sessions are not modelled"
        n = offering["sessions"]
        territory = offering.get("territory")

        def venue_rank(v):
            outside = 1 if territory and venues[v]["territory"] != territory else 0
            return (outside * weights["outside_territory"] * 100 + venues[v]["cost"], v)

        candidate_venues = sorted(offering["venues"], key=venue_rank)[:venue_limit]
        for c in range(1, offering["cohorts"] + 1):
            key = (o, c)
            placed = model.NewBoolVar(f"placed_{o}_{c}")
            objective.append(problem["unplaced_penalty"] * (1 + max(0, offering["priority"])) * (1 - placed))
            if not offering["trainers"] or not candidate_venues or len(offering["times"]) < n:
                model.Add(placed == 0)
                cohorts[key] = {"placed": placed, "skip": True}
                continue
            trainer_vars = {i: model.NewBoolVar(f"t_{o}_{c}_{i}") for i in offering["trainers"]}
            venue_vars = {v: model.NewBoolVar(f"v_{o}_{c}_{v}") for v in candidate_venues}
            model.Add(sum(trainer_vars.values()) == placed)
            model.Add(sum(venue_vars.values()) == placed)
            domain = cp_model.Domain.FromValues(offering["times"])
            times = [model.NewIntVarFromDomain(domain, f"time_{o}_{c}_{k}") for k in range(n)]
            day_vars = []
            for k in range(n):
                d = model.NewIntVar(0, len(days) - 1, f"day_{o}_{c}_{k}")
                model.AddDivisionEquality(d, times[k], slots)
                ordinal = model.NewIntVar(min(ordinals), max(ordinals), f"ord_{o}_{c}_{k}")
                model.AddElement(d, ordinals, ordinal)
                day_vars.append((d, ordinal))
            for k in range(n - 1):
                model.Add(times[k + 1] >= times[k] + 1)
                gap = day_vars[k + 1][1] - day_vars[k][1]
                model.Add(gap >= offering["min_gap"]).OnlyEnforceIf(placed)
                if offering.get("max_gap") is not None:
                    model.Add(gap <= offering["max_gap"]).OnlyEnforceIf(placed)
            window_weeks = sorted({weeks_of_time[t] for t in offering["times"]})
            for k in range(n):
                for i, chosen in trainer_vars.items():
                    trainer_intervals[i].append(model.NewOptionalFixedSizeIntervalVar(times[k], 1, chosen, f"ti_{o}_{c}_{k}_{i}"))
                for v, chosen in venue_vars.items():
                    venue_intervals[v].append(model.NewOptionalFixedSizeIntervalVar(times[k], 1, chosen, f"vi_{o}_{c}_{k}_{v}"))
                for track in track_of.get(key, []):
                    track_intervals[track].append(model.NewOptionalFixedSizeIntervalVar(times[k], 1, placed, f"tr_{o}_{c}_{k}"))
                # Week of the session, for the trainers' weekly maximum.
                if any(trainers[i]["max_per_week"] > 0 for i in trainer_vars):
                    in_week = {w: model.NewBoolVar(f"w_{o}_{c}_{k}_{w}") for w in window_weeks}
                    model.AddExactlyOne(in_week.values())
                    for w, flag in in_week.items():
                        week_times = [t for t in offering["times"] if weeks_of_time[t] == w]
                        model.AddLinearExpressionInDomain(times[k], cp_model.Domain.FromValues(week_times)).OnlyEnforceIf(flag)
                    for i, chosen in trainer_vars.items():
                        if trainers[i]["max_per_week"] <= 0:
                            continue
                        for w, flag in in_week.items():
                            both = model.NewBoolVar("")
                            model.AddBoolOr([chosen.Not(), flag.Not(), both])
                            week_terms[(i, w)].append(both)
                # Exact slot use, for idle slots between a track's sessions.
                if track_of.get(key):
                    at = {t: model.NewBoolVar("") for t in offering["times"]}
                    for t, flag in at.items():
                        model.Add(times[k] == t).OnlyEnforceIf(flag)
                    model.Add(sum(at.values()) == placed)
                    for track in track_of[key]:
                        for t, flag in at.items():
                            track_time_uses[track][t].append(flag)
            fees = sum(n * trainers[i]["fee"] * var for i, var in trainer_vars.items())
            rent = sum(n * venues[v]["cost"] * var for v, var in venue_vars.items())
            for i, var in trainer_vars.items():
                assert (n * trainers[i]["fee"]) % 100 == 0
                objective.append(weights["cost_per_euro"] * (n * trainers[i]["fee"] // 100) * var)
            for v, var in venue_vars.items():
                assert (n * venues[v]["cost"]) % 100 == 0
                objective.append(weights["cost_per_euro"] * (n * venues[v]["cost"] // 100) * var)
                if territory and venues[v]["territory"] != territory:
                    objective.append(weights["outside_territory"] * n * var)
            # Funding.
            max_fees = n * max(trainers[i]["fee"] for i in trainer_vars)
            max_rent = n * max(venues[v]["cost"] for v in venue_vars)
            payments = []
            paid = {"trainer-fees": [], "venue-costs": []}
            for f, funder in enumerate(funders):
                if funder["audiences"] and offering["audience"] not in funder["audiences"]:
                    continue
                if funder["curricula"] and not set(offering["curricula"]) & set(funder["curricula"]):
                    continue
                eligible = None
                if funder["territories"]:
                    allowed = set(funder["territories"])
                    if territory in allowed:
                        eligible = placed
                    else:
                        matching = [var for v, var in venue_vars.items() if venues[v]["territory"] in allowed]
                        if not matching:
                            continue
                        eligible = sum(matching)
                mine = []
                for kind, bound in (("trainer-fees", max_fees), ("venue-costs", max_rent)):
                    if kind not in funder["pays"] or bound == 0:
                        continue
                    amount = model.NewIntVar(0, bound, f"pay_{o}_{c}_{f}_{kind}")
                    if eligible is not None:
                        model.Add(amount <= bound * eligible)
                    paid[kind].append(amount)
                    mine.append(amount)
                    spent[f].append(amount)
                    payments.append((f, kind, amount))
                if mine:
                    model.Add(10_000 * sum(mine) <= funder["rate_basis_points"] * (fees + rent))
            model.Add(sum(paid["trainer-fees"]) == fees)
            model.Add(sum(paid["venue-costs"]) == rent)
            cohorts[key] = {
                "placed": placed, "skip": False, "times": times, "trainers": trainer_vars, "venues": venue_vars,
                "payments": payments,
            }
    for intervals in list(trainer_intervals.values()) + list(venue_intervals.values()) + list(track_intervals.values()):
        model.AddNoOverlap(intervals)
    for index, trainer in enumerate(trainers):
        for t in trainer["blocked"]:
            trainer_intervals[index] and model.AddNoOverlap(trainer_intervals[index] + [model.NewFixedSizeIntervalVar(t, 1, "")])
    for index, venue in enumerate(venues):
        for t in venue["blocked"]:
            venue_intervals[index] and model.AddNoOverlap(venue_intervals[index] + [model.NewFixedSizeIntervalVar(t, 1, "")])
    for (i, w), terms in week_terms.items():
        model.Add(sum(terms) <= trainers[i]["max_per_week"])
    for f, amounts in spent.items():
        model.Add(sum(amounts) <= funders[f]["budget"])
    # Idle slots between a track's sessions on one day: a slot unused while one before and one after are used.
    for track, uses in track_time_uses.items():
        used = {}
        for t, flags in uses.items():
            flag = model.NewBoolVar("")
            model.AddMaxEquality(flag, flags)
            used[t] = flag
        for d in {t // slots for t in used}:
            row = [used.get(d * slots + s) for s in range(slots)]
            for s in range(1, slots - 1):
                before = [u for u in row[:s] if u is not None]
                after = [u for u in row[s + 1:] if u is not None]
                if not before or not after:
                    continue
                any_before, any_after = model.NewBoolVar(""), model.NewBoolVar("")
                model.AddMaxEquality(any_before, before)
                model.AddMaxEquality(any_after, after)
                idle = model.NewBoolVar("")
                here = row[s] if row[s] is not None else 0
                model.Add(idle >= any_before + any_after - here - 1)
                objective.append(weights["track_gap"] * idle)
    model.Minimize(sum(objective))
    return model, cohorts


class FirstSolution(cp_model.CpSolverSolutionCallback):
    def __init__(self, started):
        super().__init__()
        self.started = started
        self.first = None
        self.count = 0

    def on_solution_callback(self):
        self.count += 1
        if self.first is None:
            self.first = (time.time() - self.started, self.ObjectiveValue())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("problem")
    parser.add_argument("output")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--venues", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--log", action="store_true")
    arguments = parser.parse_args()
    with open(arguments.problem) as handle:
        problem = json.load(handle)
    started = time.time()
    model, cohorts = build(problem, arguments.venues)
    built = time.time() - started
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(1.0, arguments.seconds - built)
    solver.parameters.num_workers = arguments.workers
    solver.parameters.random_seed = arguments.seed
    # Probing in presolve took 21 s of the 30 on M (CP-SAT log); limited, CP-SAT finds solutions.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.log_search_progress = "--log" in __import__("sys").argv
    callback = FirstSolution(started)
    status = solver.Solve(model, callback)
    sessions, funding = [], []
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for (o, c), cohort in cohorts.items():
            if cohort["skip"] or not solver.Value(cohort["placed"]):
                continue
            trainer = next(i for i, var in cohort["trainers"].items() if solver.Value(var))
            venue = next(v for v, var in cohort["venues"].items() if solver.Value(var))
            for k, var in enumerate(sorted(solver.Value(t) for t in cohort["times"])):
                sessions.append({"offering": o, "cohort": c, "index": k + 1, "time": var, "venue": venue, "trainer": trainer})
            for f, kind, amount in cohort["payments"]:
                value = solver.Value(amount)
                if value:
                    funding.append({"offering": o, "cohort": c, "funder": f, "kind": kind, "amount": value})
    with open(arguments.output, "w") as handle:
        json.dump({"sessions": sessions, "funding": funding, "score": solver.ObjectiveValue() if sessions else None}, handle)
    first = callback.first
    print(
        f"cp-sat: {solver.StatusName(status)}, objective {solver.ObjectiveValue() if sessions else 'none'}, "
        f"lower bound {solver.BestObjectiveBound():.0f}, "
        f"model built in {built:.1f} s, first solution "
        + (f"after {first[0]:.1f} s (objective {first[1]:.0f})" if first else "never")
        + f", {callback.count} solutions, {time.time() - started:.1f} s in all, {arguments.workers} workers"
    )


if __name__ == "__main__":
    main()
