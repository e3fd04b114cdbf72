"""Writes batches of events into Neo4j: one UNWIND query per kind of row per wave, one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from livinglab_contracts.reference.regions import REGIONS
from livinglab_contracts.reference.themes import THEMES
from neo4j import AsyncDriver

from matching.adapters import cypher
from matching.adapters.batch_transaction import Queries, Transaction
from matching.adapters.brief_list import BriefList


class GraphWriter:
    def __init__(self, driver: AsyncDriver, database: str, namespace: str) -> None:
        self._driver = driver
        self._database = database
        self._ns = namespace
        self.queries = Queries(driver, database, namespace)

    async def ensure_schema(self) -> None:
        """Constraints and the region/theme trees; idempotent, run at every start."""
        for statement in cypher.CONSTRAINTS:
            await self._driver.execute_query(statement, database_=self._database)
        regions = [
            {
                "code": r.code,
                "name_nl": r.name_nl,
                "name_en": r.name_en,
                "level": r.level.value,
                "parent": r.parent,
            }
            for r in REGIONS.values()
        ]
        themes = [
            {"slug": t.slug, "name_nl": t.name_nl, "name_en": t.name_en, "parent": t.parent}
            for t in THEMES.values()
        ]
        await self._driver.execute_query(
            cypher.REFERENCE_REGIONS, rows=regions, ns=self._ns, database_=self._database
        )
        await self._driver.execute_query(
            cypher.REFERENCE_THEMES, rows=themes, ns=self._ns, database_=self._database
        )

    async def write(
        self,
        waves: Sequence[dict[str, list[dict[str, Any]]]],
        written: Iterable[str] = (),
        version: int | None = None,
    ) -> None:
        """Writes the waves in one transaction (the batch's, if open) and stamps the nodes they wrote or referenced
        with the batch `version`, so other workers can catch up with them."""
        if not waves:
            return
        ids = sorted(set(written))
        if self.queries.transaction is not None:  # the batch's (adapters/batch_transaction.py)
            await self._write_waves(self.queries.transaction, waves, ids, version)
            return
        async with self._driver.session(database=self._database) as session:
            await session.execute_write(self._write_waves, waves, ids, version)

    async def _write_waves(
        self,
        tx: Transaction,
        waves: Sequence[dict[str, list[dict[str, Any]]]],
        ids: list[str],
        version: int | None,
    ) -> None:
        for wave in waves:
            for kind in cypher.WRITE_ORDER:
                rows = wave.get(kind)
                if rows:
                    result = await tx.run(cypher.UPSERT[kind], rows=BriefList(rows), ns=self._ns)
                    await result.consume()
        if version is not None and ids:
            result = await tx.run(
                cypher.STAMP_VERSION, ids=BriefList(ids), ns=self._ns, version=version
            )
            await result.consume()
