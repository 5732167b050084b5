"""How long a lesson waits for its data: start-up, each load_table, and a full validation.

Prints figures; asserts nothing (speed targets are read by people, never timed in tests).
Target: a fresh ``python -c "from uspak import load_table; load_table('aid_flows')"`` well under
1 s including the pandas import; validating every table a few hundred ms at most.

    .venv/bin/python bench/bench_load_table.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

REPEATS = 7
STARTUP = "from uspak import load_table; load_table('aid_flows')"


def fresh_process_seconds(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def median_ms(action) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    startup = statistics.median(fresh_process_seconds(STARTUP) for _ in range(REPEATS))
    bare = statistics.median(fresh_process_seconds("import pandas") for _ in range(REPEATS))
    print(f"fresh python, import uspak + load_table('aid_flows'): {startup:.2f} s")
    print(f"fresh python, import pandas alone:                  {bare:.2f} s")
    print(f"(medians of {REPEATS} runs)")

    from uspak.data import list_tables, load_table, validate_package

    for name in list_tables():
        rows = len(load_table(name))
        print(
            f"load_table({name!r}): {median_ms(lambda n=name: load_table(n)):.1f} ms, {rows} rows"
        )
    validate_package()  # first call imports jsonschema; time the steady state separately
    print(f"validate_package(), every table: {median_ms(validate_package):.1f} ms")


if __name__ == "__main__":
    main()
