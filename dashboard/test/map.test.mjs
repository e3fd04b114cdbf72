// Unit tests for the region map's counting and layout (node --test, no browser).
import assert from "node:assert/strict";
import { test } from "node:test";

import { LIMBURG_TILES, MAP_REGIONS, PROVINCE_TILES, loadRegionCounts, regionCounts, shade } from "../src/map.js";

const gap = (missing_helix = [], pathway_gaps = []) => ({ missing_helix, pathway_gaps });

test("a region counts its initiatives, those with a helix or pathway gap, and its proposals", () => {
  const rows = [gap(), gap(["overheid"]), gap([], ["vo"]), gap(["overheid"], ["vo"])];
  assert.deepEqual(regionCounts(rows, 17), { initiatives: 4, gaps: 3, proposals: 17 });
  assert.deepEqual(regionCounts([], 0), { initiatives: 0, gaps: 0, proposals: 0 });
});

test("shades grow with the initiatives relative to the busiest region, and none stays blank", () => {
  assert.deepEqual([0, 1, 5, 10].map((n) => shade(n, 10)), [0, 1, 2, 4]);
  assert.equal(shade(3, 0), 0);
});

test("every province and Limburg's three COROP regions have a tile of their own", () => {
  assert.equal(PROVINCE_TILES.length, 12);
  assert.deepEqual(LIMBURG_TILES.map(([code]) => code), ["CR37", "CR38", "CR39"]);
  const places = [...PROVINCE_TILES, ...LIMBURG_TILES].map(([, col, row]) => `${col},${row}`);
  assert.equal(new Set(places).size, places.length);
  assert.equal(new Set(MAP_REGIONS).size, MAP_REGIONS.length);
});

test("counts are asked per region with the other filters, proposals only, one match per page", async () => {
  const asked = [];
  const api = {
    async gaps(params) {
      asked.push(["gaps", params]);
      return params.region === "CR39" ? [gap(["overheid"]), gap()] : [];
    },
    async matches(params) {
      asked.push(["matches", params]);
      return { total: params.region === "CR39" ? 5 : 0, items: [] };
    },
  };
  const counts = await loadRegionCounts(api, { theme: "procesindustrie" });
  assert.deepEqual([...counts.keys()].sort(), [...MAP_REGIONS].sort());
  assert.deepEqual(counts.get("CR39"), { initiatives: 2, gaps: 1, proposals: 5 });
  assert.deepEqual(counts.get("NL11"), { initiatives: 0, gaps: 0, proposals: 0 });
  assert.equal(asked.length, 2 * MAP_REGIONS.length);
  assert.deepEqual(asked.find(([what, p]) => what === "matches" && p.region === "CR39")[1], {
    theme: "procesindustrie",
    region: "CR39",
    status: "proposed",
    limit: 1,
  });
});

test("a failed request fails the whole load, so the map says so instead of showing zeros", async () => {
  const api = {
    gaps: async () => {
      throw new Error("HTTP 503");
    },
    matches: async () => ({ total: 0 }),
  };
  await assert.rejects(loadRegionCounts(api), /HTTP 503/);
});
