#!/usr/bin/env python3
"""Writes an XCRI-CAP 1.2 catalogue of N courses (about 1 KB each), deterministic for a seed.

Usage: generate_xcri.py COURSES OUTPUT [SEED]
"""
import random
import sys

TOPICS = ["Social economy", "Public procurement", "Cooperative governance", "Equal opportunities",
          "Territorial pacts", "Data protection", "Project management", "Financing", "Participation"]
TOWNS = ["Metz", "Nancy", "Łódź", "Göteborg", "Thessaloniki", "Bologna", "Lille", "Porto"]


def main() -> None:
    count = int(sys.argv[1])
    output = sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    with open(output, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write('<catalog xmlns="http://xcri.org/profiles/1.2/catalog" xmlns:dc="http://purl.org/dc/elements/1.1/" '
                  'xmlns:mlo="http://purl.org/net/mlo" xmlns:credit="http://purl.org/net/cm" '
                  'generated="2026-11-30T00:00:00Z">\n<provider>\n<dc:title>National Training Catalogue</dc:title>\n')
        for index in range(count):
            topic = rng.choice(TOPICS)
            town = rng.choice(TOWNS)
            month = rng.randint(1, 12)
            hours = rng.choice([6, 12, 14, 21, 24, 30])
            out.write(
                f'<course><dc:identifier>C{index:07d}</dc:identifier>'
                f'<dc:title>{topic} for local actors, part {index % 7 + 1}</dc:title>'
                f'<dc:description>A course on {topic.lower()} for administrators, entrepreneurs and '
                f'social-economy organisations in {town}, with case studies and exercises.</dc:description>'
                f'<learningOutcome>Apply the main rules of {topic.lower()} to a local project.</learningOutcome>'
                f'<learningOutcome>Explain the roles of public and private partners.</learningOutcome>'
                f'<mlo:credit><credit:scheme>ECTS</credit:scheme><credit:value>{hours // 6}</credit:value></mlo:credit>'
                f'<presentation><dc:identifier>C{index:07d}-1</dc:identifier>'
                f'<mlo:start dtf="2027-{month:02d}-01">1/{month}/2027</mlo:start>'
                f'<mlo:duration interval="PT{hours}H">{hours} hours</mlo:duration>'
                f'<studyMode>Part time</studyMode><venue><provider><dc:title>Town hall, {town}</dc:title>'
                f'</provider></venue><mlo:cost>Free</mlo:cost></presentation></course>\n')
        out.write('</provider>\n</catalog>\n')


if __name__ == "__main__":
    main()
