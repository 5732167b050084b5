"""The GitHub Actions workflow is valid before it ever reaches GitHub."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def check_workflow(path: Path) -> subprocess.CompletedProcess[str]:
    """Validate with check-jsonschema's vendored copy of GitHub's workflow schema (offline)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(path),
        ],
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_schema(workflow):
    """Does the workflow validate against GitHub's published workflow schema (vendored)?"""
    result = check_workflow(workflow)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_a_broken_workflow(tmp_path):
    """Can the schema check fail (a job without runs-on or steps)?"""
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump({"on": "push", "jobs": {"test": {"stepz": []}}}))
    result = check_workflow(broken)
    assert result.returncode != 0


def test_pull_requests_run_the_readme_test_command():
    """Do pushes and pull requests run .ci/run, which runs `make test`?"""
    workflow = yaml.safe_load((ROOT / ".github/workflows/book.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert {"push", "pull_request"} <= set(triggers)
    steps = workflow["jobs"]["test"]["steps"]
    assert any(step.get("run") == "bash .ci/run" for step in steps)
