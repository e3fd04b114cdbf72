"""One Neo4j write transaction for everything a batch reads and writes.

A batch writes the projection, reads back the profiles and match states it needs, and saves the
match changes with their outbox records. In one transaction the batch is saved whole or not at
all, its reads see its own writes, and it pays one commit instead of one per query (a query in
an open transaction costs a third of one in its own, measured on the local Neo4j).

The adapters run their queries through a `Queries` object: in its own transaction by default,
or in the batch's while one is open.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction, AsyncTransaction

from matching.adapters.brief_list import brief

Transaction = AsyncTransaction | AsyncManagedTransaction


class Queries:
    def __init__(self, driver: AsyncDriver, database: str, namespace: str) -> None:
        self.driver = driver
        self.database = database
        self.ns = namespace
        self.transaction: AsyncTransaction | None = None  # the batch's, while one is open

    async def rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        params = brief(params)
        if self.transaction is not None:
            result = await self.transaction.run(query, ns=self.ns, **params)
            return [record.data() async for record in result]
        found = await self.driver.execute_query(
            query, ns=self.ns, database_=self.database, **params
        )
        return [record.data() for record in found.records]

    async def run(self, query: str, **params: Any) -> None:
        params = brief(params)
        if self.transaction is not None:
            await (await self.transaction.run(query, ns=self.ns, **params)).consume()
        else:
            await self.driver.execute_query(query, ns=self.ns, database_=self.database, **params)


class BatchTransaction:
    """Opens the batch's transaction and hands it to every adapter's `Queries` meanwhile."""

    def __init__(self, driver: AsyncDriver, database: str, parts: Sequence[Queries]) -> None:
        self._driver = driver
        self._database = database
        self._parts = parts

    @asynccontextmanager
    async def open(self) -> AsyncIterator[AsyncTransaction]:
        async with self._driver.session(database=self._database) as session:
            transaction = await session.begin_transaction()
            for part in self._parts:
                part.transaction = transaction
            try:
                yield transaction
            except BaseException:
                with suppress(Exception):  # a broken transaction is rolled back by the server
                    await transaction.rollback()
                raise
            finally:
                for part in self._parts:
                    part.transaction = None
            await transaction.commit()
