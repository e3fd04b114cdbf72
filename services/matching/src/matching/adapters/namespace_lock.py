"""One matching batch at a time per graph namespace, across every worker process.

A batch writes the graph, re-scores the neighbourhood it touched from what the graph now says,
and saves the differences. Two workers doing that at once can save a score read before the
other's write over the other's fresh one. Holding this lock from the first write to the last
save makes batches of different workers run one after the other.

The lock is a write lock Neo4j holds on one node for as long as a transaction that touched it
stays open. If the holding worker dies, its Bolt connection drops and Neo4j rolls the
transaction back, which frees the lock: no lease to expire, no manual clean-up.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from neo4j import AsyncDriver, AsyncTransaction

# Setting a property, even to the value it has, takes the node's write lock until the end of the
# transaction; the uniqueness constraint on uid keeps two first-ever MERGEs from making two nodes.
_TAKE = """
MERGE (lock:BatchLock {uid: $ns + ':batch-lock'})
SET lock.ns = $ns
RETURN coalesce(lock.version, 0) AS version
"""
_ADVANCE = """
MATCH (lock:BatchLock {uid: $ns + ':batch-lock'})
SET lock.version = $version
"""


_VERSION = """
MATCH (lock:BatchLock {uid: $ns + ':batch-lock'})
RETURN lock.version AS version
"""


class Held:
    """The lock while it is held: the namespace's batch version, which the holder advances
    when it has written a batch (other workers then know their networks are behind)."""

    def __init__(self, transaction: AsyncTransaction, namespace: str, version: int) -> None:
        self.transaction = transaction  # commits when the lock is released
        self._ns = namespace
        self.version = version

    async def advance(self) -> int:
        self.version += 1
        result = await self.transaction.run(_ADVANCE, ns=self._ns, version=self.version)
        await result.consume()
        return self.version


class NamespaceLock:
    def __init__(self, driver: AsyncDriver, database: str, namespace: str) -> None:
        self._driver = driver
        self._database = database
        self._ns = namespace

    async def version(self) -> int:
        """The namespace's batch version as last committed, without taking the lock."""
        found = await self._driver.execute_query(
            _VERSION, ns=self._ns, database_=self._database, routing_="r"
        )
        return int(found.records[0]["version"] or 0) if found.records else 0

    @asynccontextmanager
    async def held(self) -> AsyncIterator[Held]:
        """Waits until no other worker holds the namespace, then holds it for the block."""
        async with self._driver.session(database=self._database) as session:
            transaction = await session.begin_transaction()
            try:
                record = await (await transaction.run(_TAKE, ns=self._ns)).single()
                yield Held(transaction, self._ns, int(record["version"]) if record else 0)
            except BaseException:
                await transaction.rollback()
                raise
            await transaction.commit()
