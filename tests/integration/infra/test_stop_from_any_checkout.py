"""`make stop` stops a Kafka or Neo4j that another checkout started, and `make run` says whose a
running one is (issue 18); a process on the port that this project did not start is left alone.
Stand-in servers (a Python listener whose command line looks like the real one) keep the real
servers of the test run untouched."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.support.processes import free_port

pytestmark = pytest.mark.integration
REPO_ROOT = Path(__file__).resolve().parents[3]
LISTEN = (
    "import socket, sys, time\n"
    "s = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(); time.sleep(300)"
)


def listener(port: int, *args: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, "-c", LISTEN, str(port), *args])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ss = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True)
        if ss.stdout.strip():
            return process
        time.sleep(0.05)
    process.kill()
    raise AssertionError(f"stand-in server did not listen on {port}")


def stop_kafka(port: int, tmp_path: Path) -> str:
    env = {"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "KAFKA_PORT": str(port)}
    env["KAFKA_LOCAL_DIR"] = str(tmp_path / "this-checkout-kafka")  # no pid file here
    done = subprocess.run(
        [str(REPO_ROOT / "infra/kafka/stop.sh")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_make_stop_stops_a_kafka_another_checkout_started(tmp_path: Path) -> None:
    port, other_checkout = free_port(), tmp_path / "other-checkout"
    properties = other_checkout / ".local" / "kafka" / "server.properties"
    server = listener(port, "kafka.Kafka", str(properties))
    # Reaped as soon as it ends: a zombie still answers `kill -0`, so stop.sh would wait it out.
    reaper = threading.Thread(target=server.wait, daemon=True)
    reaper.start()
    try:
        said = stop_kafka(port, tmp_path)
        reaper.join(timeout=30)
        assert server.returncode is not None
    finally:
        server.kill()
    assert f"another checkout, {other_checkout}" in said and "kafka stopped" in said


def test_a_process_the_project_did_not_start_is_left_alone(tmp_path: Path) -> None:
    port = free_port()
    stranger = listener(port, "some-other-server")
    try:
        said = stop_kafka(port, tmp_path)
        assert stranger.poll() is None
    finally:
        stranger.kill()
    assert "which this project did not start; left alone" in said
