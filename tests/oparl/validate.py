#!/usr/bin/env python3
"""Validate OParl 1.1 objects (JSON Lines) against the OParl JSON schemas.

Usage: validate.py SCHEMA_DIR FILE.jsonl [--class Paper]

Each line is one object of the given class (default: Paper). It is checked
with the `jsonschema` package (Draft 7 validator) against SCHEMA_DIR/<Class>.json,
and every embedded object is checked against the schema its property names
with OParl's own `schema` keyword (a standard validator ignores that
keyword: Paper.consultation → Consultation.json, Paper.auxiliaryFile →
File.json, …). On top of the schema:

- `format: date` must be a real YYYY-MM-DD day and `format: date-time` an
  RFC 3339 date-time (checked here, so the result does not depend on which
  optional format packages are installed);
- a key the schema does not define must be a namespaced extension key
  (`prefix:name`), as OParl allows vendors to extend objects.

Prints one line per error and a summary `N objects, E errors`; exit code 0
when there are no errors, 1 otherwise, 2 when jsonschema is missing.
"""
import datetime
import json
import os
import re
import sys

try:
    import jsonschema
except ImportError:  # pragma: no cover
    print("jsonschema is not installed (pip install jsonschema / apt install python3-jsonschema)",
          file=sys.stderr)
    sys.exit(2)

DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE)
EXTENSION = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*:[A-Za-z][A-Za-z0-9_]*$")


def real_date(value):
    try:
        datetime.date.fromisoformat(value)
        return len(value) == 10
    except ValueError:
        return False


def load(schema_dir):
    schemas = {}
    for name in os.listdir(schema_dir):
        if name.endswith(".json"):
            with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
                schemas[name] = json.load(f)
    return schemas


def check(obj, schema_name, schemas, path, errors):
    schema = schemas[schema_name]
    validator = jsonschema.Draft7Validator(schema)
    for err in validator.iter_errors(obj):
        where = "/".join(str(p) for p in err.absolute_path)
        errors.append(f"{path}/{where}: {err.message}")
    if not isinstance(obj, dict):
        return
    props = schema.get("properties", {})
    for key, value in obj.items():
        spec = props.get(key)
        if spec is None:
            if not EXTENSION.match(key):
                errors.append(f"{path}/{key}: key not in {schema_name} and not a namespaced extension")
            continue
        fmt = spec.get("format")
        if fmt == "date" and isinstance(value, str) and not real_date(value):
            errors.append(f"{path}/{key}: {value!r} is not a date")
        if fmt == "date-time" and isinstance(value, str) and not (
                DATE_TIME.match(value) and real_date(value[:10])):
            errors.append(f"{path}/{key}: {value!r} is not a date-time")
        items = spec.get("items") if isinstance(spec.get("items"), dict) else {}
        embedded = spec.get("schema") or items.get("schema")
        if embedded and embedded in schemas:
            if isinstance(value, list):
                for i, item in enumerate(value):
                    check(item, embedded, schemas, f"{path}/{key}/{i}", errors)
            else:
                check(value, embedded, schemas, f"{path}/{key}", errors)


def main():
    args = sys.argv[1:]
    cls = "Paper"
    if "--class" in args:
        i = args.index("--class")
        cls = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    schemas = load(args[0])
    objects = 0
    errors = []
    with open(args[1], encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            objects += 1
            try:
                obj = json.loads(line)
            except ValueError as e:
                errors.append(f"line {n}: not JSON: {e}")
                continue
            check(obj, cls + ".json", schemas, f"line {n} ({obj.get('id', '?')})", errors)
    for e in errors[:200]:
        print(e)
    print(f"{objects} objects, {len(errors)} errors")
    sys.exit(1 if errors or objects == 0 else 0)


if __name__ == "__main__":
    main()
