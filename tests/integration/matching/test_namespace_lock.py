"""The per-namespace batch lock: one holder at a time, and a holder that dies frees it."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap

import pytest
from matching.adapters.namespace_lock import NamespaceLock
from neo4j import AsyncDriver

pytestmark = pytest.mark.integration

DATABASE = "neo4j"

HOLD_FOREVER = textwrap.dedent(
    """
    import asyncio, sys
    from neo4j import AsyncGraphDatabase
    from matching.adapters.namespace_lock import NamespaceLock

    async def main(uri, user, password, ns):
        driver = AsyncGraphDatabase.driver(uri, auth=(user, password))
        async with NamespaceLock(driver, "neo4j", ns).held():
            print("holding", flush=True)
            await asyncio.sleep(3600)

    asyncio.run(main(*sys.argv[1:]))
    """
)


async def test_a_second_holder_waits_until_the_first_is_done(
    neo4j_driver: AsyncDriver, namespace: str
) -> None:
    lock = NamespaceLock(neo4j_driver, DATABASE, namespace)
    order: list[str] = []

    async def second() -> None:
        async with lock.held():
            order.append("second")

    async with lock.held():
        waiting = asyncio.create_task(second())
        await asyncio.sleep(1.0)
        order.append("first done")
    await asyncio.wait_for(waiting, 30)

    assert order == ["first done", "second"]


async def test_an_error_inside_frees_the_lock(neo4j_driver: AsyncDriver, namespace: str) -> None:
    lock = NamespaceLock(neo4j_driver, DATABASE, namespace)
    with pytest.raises(RuntimeError):
        async with lock.held():
            raise RuntimeError("batch failed")

    async with asyncio.timeout(30), lock.held():
        pass


async def test_a_holder_killed_with_sigkill_frees_the_lock(
    neo4j_driver: AsyncDriver, namespace: str, neo4j_auth: tuple[str, str, str]
) -> None:
    holder = await asyncio.create_subprocess_exec(
        sys.executable, "-c", HOLD_FOREVER, *neo4j_auth, namespace, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None
        line = await asyncio.wait_for(holder.stdout.readline(), 60)
        assert line.strip() == b"holding"
        lock = NamespaceLock(neo4j_driver, DATABASE, namespace)
        taking = asyncio.create_task(_take_and_release(lock))
        await asyncio.sleep(1.0)
        assert not taking.done(), "the lock was taken while another process held it"

        holder.kill()  # SIGKILL: no rollback sent; Neo4j notices the dropped connection

        await asyncio.wait_for(taking, 60)
    finally:
        if holder.returncode is None:
            holder.kill()
        await holder.wait()


async def _take_and_release(lock: NamespaceLock) -> None:
    async with lock.held():
        pass
