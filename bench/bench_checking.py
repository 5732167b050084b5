"""How fast checking is, and how much the exercise engine adds to a page. Prints figures only.

Run: .venv/bin/python bench/bench_checking.py
"""

from __future__ import annotations

import gzip
import json
import subprocess
import time
from pathlib import Path

import yaml

from uspak.exercises.bank import read_bank_file
from uspak.exercises.check import check_compiled, check_response
from uspak.exercises.compile import compile_bank

ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = ROOT / "tests" / "cases"
STATIC = ROOT / "src" / "uspak" / "exercises" / "static"


def per_check_microseconds(check, exercises: dict, cases: list, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for case in cases:
            check(exercises[case["exercise"]], case["response"])
    return (time.perf_counter() - start) / (rounds * len(cases)) * 1e6


def main() -> None:
    bank = read_bank_file(CASES_DIR / "99-fixture.yml")
    compiled = compile_bank(bank)
    cases = [
        c
        for c in yaml.safe_load((CASES_DIR / "check-cases.yml").read_text("utf-8"))["cases"]
        if "response" in c
    ]
    specs = {s.id: s for s in bank}
    hashed = {e["id"]: e for e in compiled["exercises"]}
    print(f"cases: {len(cases)}")
    plain = per_check_microseconds(check_response, specs, cases, 200)
    print(f"Python, plain key:  {plain:8.1f} µs per check")
    salted = per_check_microseconds(check_compiled, hashed, cases, 200)
    print(f"Python, hashed key: {salted:8.1f} µs per check")

    start = time.perf_counter()
    subprocess.run(
        ["node", str(ROOT / "tests" / "js" / "run_cases.mjs")],
        input=json.dumps({"bank": compiled, "cases": cases * 50}),
        capture_output=True,
        text=True,
        check=True,
    )
    node = (time.perf_counter() - start) / (len(cases) * 50) * 1e6
    print(f"node, hashed key:   {node:8.1f} µs per check (including node start-up)")

    total = gzipped = 0
    for name in ("exercise.js", "check.js", "exercise.css"):
        raw = (STATIC / name).read_bytes()
        total += len(raw)
        gzipped += len(gzip.compress(raw))
        print(f"{name:14s} {len(raw):7d} bytes ({len(gzip.compress(raw)):6d} gzipped)")
    print(f"{'engine total':14s} {total:7d} bytes ({gzipped:6d} gzipped), loaded once per page")
    sizes = [len(json.dumps(e, separators=(",", ":"))) for e in compiled["exercises"]]
    print(f"compiled exercise JSON: {min(sizes)}-{max(sizes)} bytes each")


if __name__ == "__main__":
    main()
