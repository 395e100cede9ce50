#!/usr/bin/env python3
"""Writes the inputs of the attendance benchmark into DIR: one offering of COHORTS cohorts of SIZE
participants and SESSIONS sessions each, the participants, and a marks CSV with one row per participant
and session (COHORTS × SIZE × SESSIONS rows).

Usage: generate_attendance.py DIR COHORTS SIZE SESSIONS
"""
import os
import random
import sys


def main() -> None:
    folder, cohorts, size, sessions = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(1)
    with open(f"{folder}/curriculum.xml", "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<curricula xmlns="urn:x-trainingplanner:curriculum:1">'
                  '<programme id="BENCH"><title lang="en">Benchmark programme</title>'
                  f'<module id="BENCH-M"><title lang="en">Benchmark module</title><hours>{sessions * 3}</hours>'
                  '<audience>administrators</audience><outcome lang="en">Attend.</outcome></module>'
                  '</programme></curricula>\n')
    with open(f"{folder}/calendar.csv", "w") as out:
        out.write("kind,name,start,end,value\nperiod,,2027-01-04,2027-12-17,\nslot,morning,09:00,12:00,\n"
                  "slot,afternoon,13:00,16:00,\n")
    with open(f"{folder}/venues.csv", "w") as out:
        out.write("id,name,territory,capacity\n")
        for v in range(cohorts):
            out.write(f"V{v:04d},Room {v},Liège,{size}\n")
    with open(f"{folder}/trainers.csv", "w") as out:
        out.write("id,name,teaches,languages,fee_per_session,in_house,max_sessions_per_week\n")
        for t in range(cohorts):
            out.write(f"T{t:04d},Trainer {t},BENCH-M,fr,,yes,10\n")
    with open(f"{folder}/funders.csv", "w") as out:
        out.write("id,name,budget,max_rate,pays\nCITY,City,1000000,100%,all\n")
    with open(f"{folder}/offerings.csv", "w") as out:
        out.write("id,module,audience,cohorts,participants,sessions,window_start,window_end,min_days_between\n")
        out.write(f"OFF,BENCH-M,administrators,{cohorts},{size},{sessions},2027-01-04,2027-12-17,1\n")
    genders = ["woman", "man", "woman", "man", "non-binary", "not-stated"]
    with open(f"{folder}/participants.csv", "w", encoding="utf-8") as out:
        out.write("id,family_name,given_name,organisation,organisation_type,audience,gender,birth_year,"
                  "employment_status,education_level\n")
        for p in range(cohorts * size):
            out.write(f"P{p:07d},Family{p},Given{p},Org {p % 500},public-administration,administrators,"
                      f"{rng.choice(genders)},{1960 + p % 45},employed,{p % 9}\n")
    with open(f"{folder}/marks.csv", "w") as out:
        out.write("session,participant,status,minutes,remark\n")
        for c in range(cohorts):
            for s in range(1, sessions + 1):
                for i in range(size):
                    p = c * size + i
                    status = "present" if rng.random() < 0.85 else rng.choice(["late", "excused", "absent"])
                    minutes = "150" if status == "late" else ""
                    out.write(f"OFF#{c + 1}/{s},P{p:07d},{status},{minutes},\n")


if __name__ == "__main__":
    main()
