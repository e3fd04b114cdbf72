"""A Kafka broker or a Neo4j server of a test's own, which the test may SIGKILL and restart.

Both are started with the project's own runners (infra/kafka, infra/neo4j) on free ports and a
data directory under the test's tmp_path, so the shared servers other tests use are never
touched. `kill()` sends SIGKILL to the java process named in the runner's pid file, as a power
cut or an OOM killer would, instead of the runners' clean stop.sh.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.processes import REPO_ROOT, free_port


def _gone(pid: int) -> bool:
    """Dead or a zombie: an orphaned java is reaped by init a little later, and until then
    `kill -0` (which the runners' pid check uses) still succeeds."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


@dataclass
class OwnServer:
    """One server started by `infra/<kind>/start.sh` with the given environment."""

    kind: str  # "kafka" | "neo4j"
    env: dict[str, str]
    pid_file: Path
    kills: int = 0
    starts: list[float] = field(default_factory=list)  # seconds each start took

    def start(self) -> None:
        began = time.monotonic()
        self._run("start.sh")
        self.starts.append(time.monotonic() - began)

    def stop(self) -> None:
        self._run("stop.sh")

    def kill(self) -> None:
        """SIGKILL, then wait until the process is really gone, so a restart starts afresh."""
        pid = int(self.pid_file.read_text())
        os.kill(pid, signal.SIGKILL)
        self.kills += 1
        deadline = time.monotonic() + 60
        while not _gone(pid):
            assert time.monotonic() < deadline, f"{self.kind} pid {pid} survived SIGKILL"
            time.sleep(0.1)
        # A zombie still answers kill -0; the runner would take it for a live server.
        self.pid_file.unlink(missing_ok=True)

    def _run(self, script: str) -> None:
        done = subprocess.run(
            [REPO_ROOT / "infra" / self.kind / script],
            env=os.environ | self.env,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        assert done.returncode == 0, f"{self.kind} {script} failed:\n{done.stdout}\n{done.stderr}"


@dataclass
class OwnBroker(OwnServer):
    port: int = 0

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"


def own_broker(home: Path) -> OwnBroker:
    port = free_port()
    controller_port = next(p for p in iter(free_port, None) if p != port)
    env = {
        "KAFKA_LOCAL_DIR": str(home),
        "KAFKA_PORT": str(port),
        "KAFKA_CONTROLLER_PORT": str(controller_port),
    }
    return OwnBroker("kafka", env, home / "kafka.pid", port=port)


@dataclass
class OwnNeo4j(OwnServer):
    port: int = 0
    password: str = ""

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"


def own_neo4j(home: Path, password: str = "reliability-pw") -> OwnNeo4j:
    port = free_port()
    env = {
        "NEO4J_BOLT_PORT": str(port),
        "NEO4J_PASSWORD": password,
        "NEO4J_HEAP": "-Xms128m -Xmx512m",
        "NEO4J_LOCAL_DIR": str(home / "neo4j"),
        "NEO4J_LOG_FILE": str(home / "neo4j.log"),
    }
    return OwnNeo4j("neo4j", env, home / "neo4j" / "neo4j.pid", port=port, password=password)
