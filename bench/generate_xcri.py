#!/usr/bin/env python3
"""Writes an XCRI-CAP 1.2 catalogue of N courses, deterministic for a seed.

Shapes: `plain` (about 1 KB a course: one text description, one presentation) and `rich` (about 2.5 KB: an
XHTML description with paragraphs and a list, three learning outcomes, credits with a level, a qualification,
and two to four presentations with venues).

Usage: generate_xcri.py COURSES OUTPUT [SEED] [plain|rich]
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
    rich = len(sys.argv) > 4 and sys.argv[4] == "rich"
    with open(output, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write('<catalog xmlns="http://xcri.org/profiles/1.2/catalog" xmlns:dc="http://purl.org/dc/elements/1.1/" '
                  'xmlns:mlo="http://purl.org/net/mlo" xmlns:credit="http://purl.org/net/cm" '
                  'generated="2026-11-30T00:00:00Z">\n<provider>\n<dc:title>National Training Catalogue</dc:title>\n')
        for index in range(count):
            if rich:
                out.write(rich_course(index, rng))
                continue
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


def rich_course(index: int, rng: random.Random) -> str:
    """A course as universities publish them: XHTML description, outcomes, credits, several presentations."""
    topic = rng.choice(TOPICS)
    hours = rng.choice([6, 12, 14, 21, 24, 30])
    parts = [
        f'<course><dc:identifier>R{index:07d}</dc:identifier>'
        f'<dc:identifier>https://catalogue.example.org/courses/R{index:07d}</dc:identifier>'
        f'<dc:title xml:lang="en">{topic}: from policy to practice, level {index % 4 + 1}</dc:title>'
        f'<dc:description><div xmlns="http://www.w3.org/1999/xhtml"><p>This course introduces '
        f'<strong>{topic.lower()}</strong> for local authorities and their partners.</p>'
        f'<p>Participants work on <em>real cases</em> from their territory.</p><ul><li>Legal framework</li>'
        f'<li>Funding &amp; co-financing</li><li>Evaluation</li></ul></div></dc:description>'
        f'<dc:description type="http://xcri.co.uk/terms/description/topicsCovered">Rules, roles, tools.'
        f'</dc:description>'
    ]
    for outcome in ("Describe the legal framework", "Build a partnership", "Evaluate a local project"):
        parts.append(f'<learningOutcome>{outcome} in {topic.lower()}.</learningOutcome>')
    parts.append(f'<mlo:qualification><dc:title>Certificate in {topic}</dc:title></mlo:qualification>'
                 f'<mlo:credit><credit:scheme>ECTS</credit:scheme><credit:level>{rng.randint(4, 7)}</credit:level>'
                 f'<credit:value>{hours / 6:g}</credit:value></mlo:credit>')
    for number in range(rng.randint(2, 4)):
        town = rng.choice(TOWNS)
        month = rng.randint(1, 12)
        parts.append(
            f'<presentation><dc:identifier>R{index:07d}-{number + 1}</dc:identifier>'
            f'<mlo:start dtf="2027-{month:02d}-01">1 {["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][month - 1]} 2027</mlo:start>'
            f'<end dtf="2027-{month:02d}-28">28/{month}/2027</end>'
            f'<mlo:duration interval="PT{hours}H">{hours} hours</mlo:duration>'
            f'<studyMode identifier="PT">Part time</studyMode><attendanceMode identifier="CM">Campus</attendanceMode>'
            f'<mlo:languageOfInstruction>en</mlo:languageOfInstruction><mlo:places>{rng.randint(12, 30)}</mlo:places>'
            f'<mlo:cost>{rng.choice(["Free", "120 EUR", "Funded by the region"])}</mlo:cost>'
            f'<venue><provider><dc:title>Town hall, {town}</dc:title><mlo:location><mlo:town>{town}</mlo:town>'
            f'<mlo:address>{rng.randint(1, 99)} Main Street</mlo:address></mlo:location></provider></venue>'
            f'</presentation>')
    parts.append('</course>\n')
    return "".join(parts)


if __name__ == "__main__":
    main()
