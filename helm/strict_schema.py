#!/usr/bin/env python3
"""Makes helm/knowledgehub/values.schema.json refuse unknown keys, so that a typo in a value fails `helm install`.

The schema is generated from the `## @param` lines of values.yaml by @bitnami/readme-generator-for-helm (README.md,
"Maintaining the chart"), which leaves objects open. This adds `"additionalProperties": false` to every object that
lists its properties, and declares the keys values.yaml holds without a `## @param` line (`## @skip`, e.g.
networkPolicy.dnsPeers) with their JSON type, so they stay accepted. Objects documented as free-form (`[object]`:
labels, annotations, nodeSelector, extraEnv) have no properties and stay open. Run after the generator:
  python3 helm/strict_schema.py          rewrite the schema
  python3 helm/strict_schema.py --check  exit 1 if the schema is not strict (helm/check.sh)
"""
import json
import pathlib
import sys

import yaml

CHART = pathlib.Path(__file__).resolve().parent / "knowledgehub"
SCHEMA = CHART / "values.schema.json"


def json_type(value):
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def strict(schema, values, path, problems, fix):
    props = schema.get("properties")
    if schema.get("type") != "object" or not props:
        return
    if isinstance(values, dict):
        for key, value in values.items():
            if key not in props:
                if fix:
                    props[key] = {"type": json_type(value), "description": "(not a documented parameter: ## @skip in values.yaml)"}
                else:
                    problems.append(f"{'.'.join(path + [key])} is in values.yaml but not in the schema")
    if schema.get("additionalProperties") is not False:
        if fix:
            schema["additionalProperties"] = False
        else:
            problems.append(f"{'.'.join(path) or '(root)'} accepts unknown keys")
    for key, sub in props.items():
        strict(sub, values.get(key) if isinstance(values, dict) else None, path + [key], problems, fix)


def main():
    check = "--check" in sys.argv[1:]
    schema = json.loads(SCHEMA.read_text())
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    problems = []
    strict(schema, values, [], problems, fix=not check)
    if check:
        for p in problems:
            print(f"FAIL values.schema.json: {p} (run python3 helm/strict_schema.py)", file=sys.stderr)
        if not problems:
            print("values.schema.json refuses unknown keys in every documented object")
        return 1 if problems else 0
    SCHEMA.write_text(json.dumps(schema, indent=4) + "\n")
    print(f"rewrote {SCHEMA.relative_to(CHART.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
