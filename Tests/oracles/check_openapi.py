"""Checks an OpenAPI 3.1 document and responses against it, independently of the server.

  check_openapi.py SPEC CASES

SPEC is validated by openapi-spec-validator. CASES is a JSON list of {"path": "/api/v1/sessions/{offering}/...",
"method": "get", "status": 200, "body": <the JSON received>}: each body is validated (jsonschema, draft 2020-12)
against the schema the document gives for that operation and status. Prints every problem; exits 1 if any.
"""
import json
import sys

from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

spec = json.load(open(sys.argv[1]))
cases = json.load(open(sys.argv[2]))
validate(spec)
registry = Registry().with_resource("urn:spec", Resource.from_contents(spec, default_specification=DRAFT202012))


def pointer(*parts):
    return "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


problems = []
for case in cases:
    where = f'{case["method"].upper()} {case["path"]} {case["status"]}'
    operation = spec["paths"].get(case["path"], {}).get(case["method"])
    if operation is None:
        problems.append(f"{where}: not in the document")
        continue
    response = operation["responses"].get(str(case["status"]))
    if response is None:
        problems.append(f"{where}: the document gives no such status")
        continue
    # The schema, by its place in the document (so that its own references resolve there).
    place = ("paths", case["path"], case["method"], "responses", str(case["status"]))
    if "$ref" in response:
        place = ("components", "responses", response["$ref"].rsplit("/", 1)[1])
    place += ("content", "application/json", "schema")
    validator = Draft202012Validator(
        {"$ref": "urn:spec#/" + pointer(*place)}, registry=registry, format_checker=FormatChecker())
    for error in validator.iter_errors(case["body"]):
        problems.append(f"{where}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
for problem in problems:
    print(problem)
print(f"{len(cases)} response(s) checked, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
