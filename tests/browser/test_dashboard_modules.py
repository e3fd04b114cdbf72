"""The dashboard's own JavaScript unit tests (node --test dashboard/test/), run under pytest."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.support.processes import REPO_ROOT


def test_dashboard_modules() -> None:
    if shutil.which("node") is None:
        pytest.fail("node (20+) is not on PATH", pytrace=False)
    done = subprocess.run(
        ["node", "--test", "test/"],
        cwd=REPO_ROOT / "dashboard",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout
