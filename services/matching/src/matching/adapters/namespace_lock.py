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

from neo4j import AsyncDriver

# Setting a property, even to the value it has, takes the node's write lock until the end of the
# transaction; the uniqueness constraint on uid keeps two first-ever MERGEs from making two nodes.
_TAKE = """
MERGE (lock:BatchLock {uid: $ns + ':batch-lock'})
SET lock.ns = $ns
"""


class NamespaceLock:
    def __init__(self, driver: AsyncDriver, database: str, namespace: str) -> None:
        self._driver = driver
        self._database = database
        self._ns = namespace

    @asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        """Waits until no other worker holds the namespace, then holds it for the block."""
        async with self._driver.session(database=self._database) as session:
            transaction = await session.begin_transaction()
            try:
                await (await transaction.run(_TAKE, ns=self._ns)).consume()
                yield
            except BaseException:
                await transaction.rollback()
                raise
            await transaction.commit()
