#!/usr/bin/env python3
"""Runs a command, then checks the JSON lock report it wrote.

usage: check_json.py JSON_FILE COMMAND...
Exits with the command's status after printing its output; a JSON file that
does not parse or does not hold the ABBA inversion is a failure (status 99).
"""
import json
import subprocess
import sys


def main() -> int:
    path, command = sys.argv[1], sys.argv[2:]
    run = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sys.stdout.write(run.stdout)
    try:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as error:
        print(f"check_json: {path}: {error}")
        return 99
    findings = report.get("findings", [])
    inversions = [f for f in findings if f.get("kind") == "lock-order-inversion"]
    if len(findings) != 1 or len(inversions) != 1:
        print(f"check_json: expected one lock-order inversion, found {findings!r}")
        return 99
    edges = inversions[0]["edges"]
    functions = {frame["function"] for edge in edges for frame in edge["acquired_stack"]}
    if len(edges) != 2 or not any("PostTransfer" in f for f in functions) or not any(
            "RotateAuditLog" in f for f in functions):
        print(f"check_json: edges do not name both functions: {edges!r}")
        return 99
    if not all(edge["thread"].get("creation_stack") for edge in edges):
        print("check_json: an edge has no thread creation stack")
        return 99
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
