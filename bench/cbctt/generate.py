"""Generates CB-CTT (.ctt) instances shaped like the larger ITC-2007 ones, each with a planted timetable
that has no hard violation, so that every instance is known to be feasible and the planted cost is an
upper bound on its optimum (the two reference instances, comp01 and comp11, are already solved to
optimality by our annealer, so they no longer tell good neighbourhoods from bad ones).

Usage: generate.py NAME SEED COURSES ROOMS DAYS PERIODS_PER_DAY INSTANCE.ctt PLANTED.sol

First every lecture gets a cell (period, room) of the planted timetable: a course's lectures on distinct
days where it can, in one room big enough when one is free. Then the constraints are drawn so that the
planted timetable keeps them: teachers share only courses whose planted periods differ, curricula group
only such courses, and unavailable periods are drawn among those where a course has no planted lecture.
Deterministic for the seed.
"""

import random
import sys


def main():
    name, seed = sys.argv[1], int(sys.argv[2])
    courses, rooms, days, per_day = map(int, sys.argv[3:7])
    instance_path, planted_path = sys.argv[7], sys.argv[8]
    rng = random.Random(seed)
    periods = days * per_day
    capacities = [rng.choice([30, 40, 60, 80, 100, 150]) for _ in range(rooms)]
    free = {(p, r) for p in range(periods) for r in range(rooms)}
    plan = []  # per course: list of (period, room)
    specs = []
    for c in range(courses):
        lectures = rng.randint(2, 5)
        students = rng.choice([15, 30, 45, 60, 90, 120])
        day_order = rng.sample(range(days), days)
        cells = []
        used_periods = set()
        preferred = [r for r in range(rooms) if capacities[r] >= students] or list(range(rooms))
        home = rng.choice(preferred)
        for k in range(lectures):
            day = day_order[k % days]
            options = [p for p in range(day * per_day, (day + 1) * per_day) if p not in used_periods]
            rng.shuffle(options)
            placed = None
            for p in options + [p for p in rng.sample(range(periods), periods) if p not in used_periods]:
                for r in [home] + preferred + list(range(rooms)):
                    if (p, r) in free:
                        placed = (p, r)
                        break
                if placed:
                    break
            if placed is None:
                break
            free.discard(placed)
            used_periods.add(placed[0])
            cells.append(placed)
        if not cells:
            continue
        days_used = len({p // per_day for p, _ in cells})
        specs.append({"id": f"c{len(specs):03d}", "lectures": len(cells), "min_days": min(days_used + rng.randint(0, 1), len(cells)), "students": students})
        plan.append(cells)
    busy = [{p for p, _ in cells} for cells in plan]
    teachers = []  # list of (periods busy)
    teacher_of = []
    for c, periods_used in enumerate(busy):
        candidates = [t for t, taken in enumerate(teachers) if not taken & periods_used and rng.random() < 0.5]
        if candidates and rng.random() < 0.6:
            t = rng.choice(candidates)
        else:
            t = len(teachers)
            teachers.append(set())
        teachers[t] |= periods_used
        teacher_of.append(f"t{t:03d}")
    curricula = []
    for q in range(len(specs) // 3):
        size = rng.randint(3, 6)
        members, taken = [], set()
        for c in rng.sample(range(len(specs)), len(specs)):
            if not busy[c] & taken:
                members.append(c)
                taken |= busy[c]
            if len(members) == size:
                break
        if len(members) >= 2:
            curricula.append((f"q{q:03d}", members))
    unavailable = [(c, p) for c in range(len(specs)) for p in range(periods) if p not in busy[c] and rng.random() < 0.1]
    with open(instance_path, "w") as out:
        out.write(f"Name: {name}\nCourses: {len(specs)}\nRooms: {rooms}\nDays: {days}\nPeriods_per_day: {per_day}\n")
        out.write(f"Curricula: {len(curricula)}\nConstraints: {len(unavailable)}\n\nCOURSES:\n")
        for c, spec in enumerate(specs):
            out.write(f"{spec['id']} {teacher_of[c]} {spec['lectures']} {spec['min_days']} {spec['students']}\n")
        out.write("\nROOMS:\n")
        for r, capacity in enumerate(capacities):
            out.write(f"r{r:02d} {capacity}\n")
        out.write("\nCURRICULA:\n")
        for q, members in curricula:
            out.write(f"{q} {len(members)} {' '.join(specs[c]['id'] for c in members)}\n")
        out.write("\nUNAVAILABILITY_CONSTRAINTS:\n")
        for c, p in unavailable:
            out.write(f"{specs[c]['id']} {p // per_day} {p % per_day}\n")
        out.write("\nEND.\n")
    with open(planted_path, "w") as out:
        for c, cells in enumerate(plan):
            for p, r in cells:
                out.write(f"{specs[c]['id']} r{r:02d} {p // per_day} {p % per_day}\n")


if __name__ == "__main__":
    main()
