// The network by region on a schematic tile map: one square per province, and Limburg's three
// COROP regions beside it. Schematic on purpose: no boundary data ships with this project (see
// dashboard/README.md), so tiles sit roughly where the regions lie and nothing more.
//
// Counts come from the matching API the page already uses, one region at a time (a region
// includes what lies below it, as the list's filter does): active initiatives and those with a
// gap (GET /v1/reports/gaps?region=) and open proposals (GET /v1/matches?region=, its total).

const SVG = "http://www.w3.org/2000/svg";
const TILE = 118; // px, one tile's side in the SVG's own units
const GAP = 6;
const CONCURRENCY = 4;

// [code, column, row]: a tile cartogram of the Netherlands, north at the top.
export const PROVINCE_TILES = [
  ["NL12", 1, 0], // Friesland
  ["NL11", 2, 0], // Groningen
  ["NL32", 0, 1], // Noord-Holland
  ["NL23", 1, 1], // Flevoland
  ["NL13", 2, 1], // Drenthe
  ["NL36", 0, 2], // Zuid-Holland
  ["NL35", 1, 2], // Utrecht
  ["NL21", 2, 2], // Overijssel
  ["NL34", 0, 3], // Zeeland
  ["NL41", 1, 3], // Noord-Brabant
  ["NL22", 2, 3], // Gelderland
  ["NL42", 2, 4], // Limburg
];
// Limburg in detail, in a column of its own to the right: north to south.
export const LIMBURG_TILES = [
  ["CR37", 4, 2], // Noord-Limburg
  ["CR38", 4, 3], // Midden-Limburg
  ["CR39", 4, 4], // Zuid-Limburg
];
export const MAP_REGIONS = [...PROVINCE_TILES, ...LIMBURG_TILES].map(([code]) => code);

const TEXTS = {
  nl: {
    initiatives: (n) => `${n} initiatie${n === 1 ? "f" : "ven"}`,
    gaps: (n) => `${n} met hiaat`,
    proposals: (n) => `${n} voorstel${n === 1 ? "" : "len"}`,
    limburg: "Limburg per COROP-regio",
    loading: "Aantallen per regio laden…",
    note:
      "Schematische kaart: één tegel per provincie en de drie COROP-regio's van Limburg, zonder echte grenzen. " +
      "Per regio: actieve initiatieven, hoeveel daarvan een hiaat hebben (helix of leerlijn) en open voorstellen. " +
      "Klik op een regio om de matches daarop te filteren.",
    failed: "Aantallen konden niet worden geladen",
  },
  en: {
    initiatives: (n) => `${n} initiative${n === 1 ? "" : "s"}`,
    gaps: (n) => `${n} with a gap`,
    proposals: (n) => `${n} proposal${n === 1 ? "" : "s"}`,
    limburg: "Limburg by COROP region",
    loading: "Loading counts per region…",
    note:
      "Schematic map: one tile per province and Limburg's three COROP regions, without real boundaries. " +
      "Per region: active initiatives, how many of them have a gap (helix or learning pathway) and open proposals. " +
      "Click a region to filter the matches on it.",
    failed: "Counts could not be loaded",
  },
};

export function mapTexts(lang) {
  return TEXTS[lang] ?? TEXTS.nl;
}

/** A region's counts from its gap report rows and its proposals' total. */
export function regionCounts(gapRows, proposals) {
  const gaps = gapRows.filter((g) => g.missing_helix.length > 0 || g.pathway_gaps.length > 0).length;
  return { initiatives: gapRows.length, gaps, proposals };
}

/** Shade 0..4 by initiatives, relative to the busiest region (0: none at all). */
export function shade(count, max) {
  if (!count || !max) return 0;
  return Math.max(1, Math.ceil((count / max) * 4));
}

/** Counts for every map region, a few requests at a time; `filters` are region-less filters. */
export async function loadRegionCounts(api, filters = {}) {
  const counts = new Map();
  const queue = [...MAP_REGIONS];
  async function worker() {
    while (queue.length) {
      const region = queue.shift();
      const [rows, page] = await Promise.all([
        api.gaps({ ...filters, region }),
        api.matches({ ...filters, region, status: "proposed", limit: 1 }),
      ]);
      counts.set(region, regionCounts(rows, page.total));
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return counts;
}

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  if (text !== undefined) el.textContent = text;
  return el;
}

export class RegionMap {
  constructor(container, { onRegionTap }) {
    this.container = container;
    this.onRegionTap = onRegionTap;
    this.counts = null;
    this.error = null;
  }

  /** Draws the tiles; `ref` gives the names, `selected` the region the list is filtered on. */
  render({ ref, lang, selected }) {
    const tx = mapTexts(lang);
    const columns = 5;
    const rows = 5;
    const root = svg("svg", {
      viewBox: `0 0 ${columns * (TILE + GAP)} ${rows * (TILE + GAP) + 24}`,
      role: "group",
      class: "region-tiles",
    });
    const max = this.counts ? Math.max(0, ...[...this.counts.values()].map((c) => c.initiatives)) : 0;
    // The inset's caption ends at the map's right edge, above Limburg's first COROP tile.
    const captionY = LIMBURG_TILES[0][2] * (TILE + GAP) - 8;
    root.append(svg("text", { x: columns * (TILE + GAP) - GAP, y: captionY, "text-anchor": "end", class: "inset-label" }, tx.limburg));
    for (const [code, col, row] of [...PROVINCE_TILES, ...LIMBURG_TILES]) {
      root.append(this.tile(code, col * (TILE + GAP), row * (TILE + GAP), { ref, lang, selected, max, tx }));
    }
    const note = document.createElement("p");
    note.className = "map-note";
    note.textContent = this.error ? `${tx.failed}: ${this.error}` : this.counts ? tx.note : tx.loading;
    this.container.replaceChildren(root, note);
    this.container.dataset.state = this.error ? "failed" : this.counts ? "loaded" : "loading";
  }

  tile(code, x, y, { ref, lang, selected, max, tx }) {
    const counts = this.counts?.get(code);
    const group = svg("g", {
      class: "region-tile",
      "data-region": code,
      "data-shade": String(shade(counts?.initiatives, max)),
      tabindex: "0",
      role: "button",
      "aria-pressed": String(code === selected),
      transform: `translate(${x} ${y})`,
    });
    group.append(svg("rect", { width: TILE, height: TILE, rx: 8 }));
    group.append(svg("text", { x: 8, y: 20, class: "name" }, ref.regionLabel(code, lang)));
    if (counts) {
      group.dataset.initiatives = String(counts.initiatives);
      group.dataset.gaps = String(counts.gaps);
      group.dataset.proposals = String(counts.proposals);
      group.append(svg("text", { x: 8, y: 58, class: "count big" }, tx.initiatives(counts.initiatives)));
      group.append(svg("text", { x: 8, y: 78, class: "count gap" }, tx.gaps(counts.gaps)));
      group.append(svg("text", { x: 8, y: 98, class: "count" }, tx.proposals(counts.proposals)));
    }
    const tap = () => this.onRegionTap(code);
    group.addEventListener("click", tap);
    group.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        tap();
      }
    });
    return group;
  }
}
