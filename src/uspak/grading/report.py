"""What a grading run did with every input, as data (``GradeReport``) and as ``report.txt``.

Every input file ends in exactly one outcome: graded, superseded (a newer submission for the same
student and lesson was graded), rejected (with the reason) or ignored (hidden files). The teacher
reads the report to chase up the rejected ones; nothing disappears silently.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from uspak.ids import printable

OUTCOMES = ("graded", "superseded", "rejected", "ignored")
# The exit codes of ``uspak grade`` (documented in its --help and book/teacher/grading.md). 1 and 2
# are Python's crash and click's usage error, so a script can tell each case apart.
EXIT_ALL_GRADED = 0
EXIT_SOME_REFUSED = 3
EXIT_GRADER_FAULT = 4


@dataclass(frozen=True)
class InputOutcome:
    label: str  # the file, or archive!member
    outcome: str  # one of OUTCOMES
    detail: str  # the score for a graded file, else the reason
    notes: tuple[str, ...] = ()  # graded, but worth a look: unknown exercises, code stopped
    fault: bool = False  # rejected because the grader failed on it (a bug), not the file


@dataclass
class GradeReport:
    out: Path
    inputs: list[InputOutcome] = field(default_factory=list)
    students: int = 0
    code_runs: int = 0
    sandbox: str = "none"
    seconds: float = 0.0
    alerts: list[str] = field(default_factory=list)  # said first, before anything else

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(i.outcome for i in self.inputs)
        return {outcome: counted.get(outcome, 0) for outcome in OUTCOMES}

    @property
    def problems(self) -> list[InputOutcome]:
        """Inputs that were not graded, or were graded with notes."""
        return [i for i in self.inputs if i.outcome in ("superseded", "rejected") or i.notes]

    @property
    def faults(self) -> list[InputOutcome]:
        return [i for i in self.inputs if i.fault]

    @property
    def exit_code(self) -> int:
        """0 when every input was graded (or superseded, or ignored on purpose), else 3 when some
        were refused, 4 when the grader failed on some."""
        if self.faults:
            return EXIT_GRADER_FAULT
        return EXIT_SOME_REFUSED if self.counts["rejected"] else EXIT_ALL_GRADED

    @property
    def gradebook(self) -> Path:
        return self.out / "gradebook.csv"

    @property
    def feedback_dir(self) -> Path:
        return self.out / "feedback"

    @property
    def report_file(self) -> Path:
        return self.out / "report.txt"

    def summary(self) -> str:
        counts = self.counts
        return (
            f"{len(self.inputs)} input file(s): {counts['graded']} graded, "
            f"{counts['superseded']} superseded, {counts['rejected']} rejected, "
            f"{counts['ignored']} ignored; {self.students} student(s); "
            f"{self.code_runs} code exercise(s) run ({self.sandbox} sandbox); "
            f"{self.seconds:.1f} s"
            + (f"; {len(self.faults)} grader fault(s), see the report" if self.faults else "")
        )


# The inputs each report lists apart from the graded ones, as (heading, outcome); report.html
# lists the same.
INPUT_SECTIONS = (
    ("Rejected: could not be graded", "rejected"),
    ("Superseded: a newer submission was graded instead", "superseded"),
    ("Ignored", "ignored"),
)


def write_report(report: GradeReport) -> Path:
    lines = ["uspak grading report", "", *report.alerts, *([""] if report.alerts else [])]
    lines += [report.summary(), ""]
    for title, outcome in INPUT_SECTIONS:
        chosen = [i for i in report.inputs if i.outcome == outcome]
        if chosen:
            lines += [f"{title} ({len(chosen)})", *[f"  {i.label}: {i.detail}" for i in chosen], ""]
    noted = [i for i in report.inputs if i.outcome == "graded" and i.notes]
    if noted:
        lines.append(f"Graded, with notes ({len(noted)})")
        for item in noted:
            lines += [f"  {item.label}:", *[f"    - {note}" for note in item.notes]]
        lines.append("")
    graded = [i for i in report.inputs if i.outcome == "graded"]
    lines += [f"Graded ({len(graded)})", *[f"  {i.label}: {i.detail}" for i in graded], ""]
    # Names and messages come from students' files: a line or paragraph separator, a control or
    # a right-to-left override in one must not forge or hide a report line.
    text = "\n".join(printable(line) for line in lines)
    report.report_file.write_text(text + "\n", encoding="utf-8")
    return report.report_file
