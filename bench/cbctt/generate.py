"""Generates CB-CTT (.ctt) instances shaped like the larger ITC-2007 ones, for measuring the annealer
where the two reference instances (comp01, comp11) are already solved to optimality.

Usage: generate.py NAME SEED COURSES ROOMS DAYS PERIODS_PER_DAY > NAME.ctt

Courses have 2-6 lectures and a minimum of working days; teachers teach 1-3 courses; curricula group
3-7 courses (a course may be in several); rooms have varied capacities; about a tenth of the
(course, period) pairs are unavailable. Deterministic for the seed.
"""

import random
import sys


def main():
    name, seed, courses, rooms, days, per_day = sys.argv[1], int(sys.argv[2]), *map(int, sys.argv[3:7])
    rng = random.Random(seed)
    periods = days * per_day
    teachers = max(1, courses * 2 // 3)
    course_list = []
    for c in range(courses):
        lectures = rng.randint(2, 6)
        course_list.append((f"c{c:03d}", f"t{rng.randrange(teachers):03d}", lectures, min(days, rng.randint(2, lectures)), rng.choice([15, 30, 45, 60, 90, 120])))
    room_list = [(f"r{r:02d}", rng.choice([30, 40, 60, 80, 100, 150])) for r in range(rooms)]
    curricula = []
    for q in range(courses // 3):
        members = rng.sample(range(courses), rng.randint(3, 7))
        curricula.append((f"q{q:03d}", [course_list[m][0] for m in members]))
    unavailable = [(course, p) for course in course_list for p in range(periods) if rng.random() < 0.1]
    print(f"Name: {name}")
    print(f"Courses: {courses}")
    print(f"Rooms: {rooms}")
    print(f"Days: {days}")
    print(f"Periods_per_day: {per_day}")
    print(f"Curricula: {len(curricula)}")
    print(f"Constraints: {len(unavailable)}")
    print()
    print("COURSES:")
    for course in course_list:
        print(" ".join(map(str, course)))
    print()
    print("ROOMS:")
    for room in room_list:
        print(" ".join(map(str, room)))
    print()
    print("CURRICULA:")
    for q, members in curricula:
        print(f"{q} {len(members)} {' '.join(members)}")
    print()
    print("UNAVAILABILITY_CONSTRAINTS:")
    for course, p in unavailable:
        print(f"{course[0]} {p // per_day} {p % per_day}")
    print()
    print("END.")


if __name__ == "__main__":
    main()
