"""Medians of bench/cbctt.sh's runs, side by side with the ITC-2007 winner's competition results (Müller)
and the best known costs, as the ratios (cost + 1) / (reference + 1).

Usage: summary.py RESULTS.txt (lines "NAME SOLVER seed S: ...: hard H (...); cost C (...) ...")
"""

import re
import statistics
import sys

# ITC-2007 track 3: best known cost / Müller's competition result.
REFERENCE = {
    "comp01": (5, 5), "comp02": (24, 51), "comp03": (64, 84), "comp04": (35, 37), "comp05": (284, 330),
    "comp06": (27, 48), "comp07": (6, 20), "comp08": (37, 41), "comp09": (96, 109), "comp10": (4, 16),
    "comp11": (0, 0),
}
LINE = re.compile(r"^(\S+) (\S+) seed (\d+): .*?hard (\d+) .*?cost (\d+) ")


def main():
    runs = {}
    for line in open(sys.argv[1], encoding="utf-8"):
        match = LINE.match(line)
        if match:
            name, solver, seed, hard, cost = match.groups()
            runs.setdefault((name, solver), []).append((int(seed), int(hard), int(cost)))
    solvers = sorted({solver for _, solver in runs}, key=lambda s: s != "timetabling")
    print("| instance | best known | Müller | " + " | ".join(
        f"{s}: costs by seed (hard) | median | ÷ Müller | ÷ best" for s in solvers) + " |")
    print("|---|---|---|" + "---|---|---|---|" * len(solvers))
    within = {s: [0, 0, 0, 0] for s in solvers}  # [≤ Müller, ≤ 1.5 best, hard 0 everywhere, instances]
    for name in sorted({name for name, _ in runs}):
        best, muller = REFERENCE.get(name, (None, None))
        cells = [name, str(best) if best is not None else "–", str(muller) if muller is not None else "–"]
        for solver in solvers:
            results = sorted(runs.get((name, solver), []))
            if not results:
                cells += ["–"] * 4
                continue
            median = statistics.median_low([cost for _, _, cost in results])
            hard = max(h for _, h, _ in results)
            cells.append(" / ".join(f"{c}" + (f" (hard {h})" if h else "") for _, h, c in results))
            cells.append(str(median))
            if muller is not None:
                to_muller = (median + 1) / (muller + 1)
                to_best = (median + 1) / (best + 1)
                cells += [f"{to_muller:.2f}", f"{to_best:.2f}"]
                counts = within[solver]
                counts[0] += to_muller <= 1.0
                counts[1] += to_best <= 1.5
                counts[2] += hard == 0
                counts[3] += 1
            else:
                cells += ["–", "–"]
        print("| " + " | ".join(cells) + " |")
    for solver, (muller, best, feasible, count) in within.items():
        if count:
            print(f"{solver}: hard 0 on every run of {feasible} of {count} ITC instances; median ≤ Müller on "
                  f"{muller}, ≤ 1.5 × best known on {best}")


if __name__ == "__main__":
    main()
