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

from neo4j import AsyncDriver, AsyncManagedTransaction, AsyncTransaction, Record

from matching.adapters.brief_list import brief

Transaction = AsyncTransaction | AsyncManagedTransaction
# Rows per record of a paged read. The driver's own work per record is what a whole-namespace
# read pays for: 102k partners one record each took 6.9-7.8 s to receive, in records of 5,000
# rows 1.0-4.7 s (2026-12-07, local Neo4j).
PAGE = 5_000


def as_dict(record: Record) -> dict[str, Any]:
    """The record's columns as they came. Not `Record.data()`: it rebuilds every nested list
    and map through isinstance checks against abstract classes, which took 5-7 s of the 12-15 s
    a worker spent reading 100k partners (2026-12-07). The queries here return maps, lists and
    plain values only, never nodes, which is all `data()` would convert."""
    return dict(zip(record.keys(), record, strict=True))


def paged_cypher(match: str, row: str) -> str:
    """A query returning `match`'s rows as pages of up to $page: `match` ends in
    `... AS found` (a list), `row` is an expression of `x`, one element of it. The list holds
    references until a page projects them, so a large namespace stays within the
    transaction's memory (100k nodes take a few MB)."""
    return f"""{match}
UNWIND range(0, size(found) - 1, $page) AS start
RETURN [x IN found[start..start + $page] | {row}] AS page"""


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
            return [as_dict(record) async for record in result]
        found = await self.driver.execute_query(
            query, ns=self.ns, database_=self.database, **params
        )
        return [as_dict(record) for record in found.records]

    async def paged(self, query: str, page: int = PAGE, **params: Any) -> list[dict[str, Any]]:
        """The rows of a query that returns them as lists of up to `page` in a column `page`
        (see `paged_cypher`): one record per page, not per row."""
        return [
            row for record in await self.rows(query, page=page, **params) for row in record["page"]
        ]

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
