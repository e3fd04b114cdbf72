// The network as a cytoscape graph: partners coloured by helix, initiatives, needs/offers,
// memberships, and proposed matches as orange dashed edges. A selected match fades everything but
// its subjects and evidence.
import cytoscape from "./vendor/cytoscape.esm.min.mjs";

export const HELIX_COLOURS = {
  onderwijs: "#3b82c4",
  onderzoek: "#8e6cc2",
  bedrijfsleven: "#2f9e6e",
  overheid: "#d1495b",
  maatschappij: "#e0a526",
};
const INITIATIVE = "#1f3a5f";
const NEED_OFFER = "#7a8894";
const MATCH = "#e8772e";
const EVIDENCE = "#f2b705";

// Labels keep about the same size on screen when the graph is zoomed out to fit.
let labelScale = 1;
const scaled = (size) => () => size * labelScale;

const STYLE = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "font-family": "system-ui, sans-serif",
      "font-size": scaled(11),
      color: "#23313f",
      "text-valign": "bottom",
      "text-margin-y": 5,
      "text-wrap": "ellipsis",
      "text-max-width": scaled(170),
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "text-background-padding": 2,
      "text-background-shape": "roundrectangle",
      width: 24,
      height: 24,
      "background-color": NEED_OFFER,
      "border-width": 2,
      "border-color": "#ffffff",
      "transition-property": "opacity, border-width, border-color",
      "transition-duration": 200,
    },
  },
  ...Object.entries(HELIX_COLOURS).map(([helix, colour]) => ({
    selector: `node[helix = "${helix}"]`,
    style: { "background-color": colour },
  })),
  {
    selector: 'node[type = "Initiative"]',
    style: {
      shape: "round-rectangle",
      width: 34,
      height: 34,
      "background-color": INITIATIVE,
      "font-weight": "bold",
      "font-size": scaled(12),
    },
  },
  { selector: 'node[type = "NeedOffer"]', style: { shape: "diamond", width: 22, height: 22 } },
  { selector: "node[?pending]", style: { "border-style": "dashed", "border-color": "#9aa5b1" } },
  {
    selector: "edge",
    style: {
      width: 1.6,
      "line-color": "#b3bfcb",
      "curve-style": "bezier",
      "target-arrow-shape": "none",
      "transition-property": "opacity, width, line-color",
      "transition-duration": 200,
    },
  },
  {
    selector: 'edge[type = "PART_OF"]',
    style: { "line-color": INITIATIVE, "line-style": "dashed", "target-arrow-shape": "triangle", "target-arrow-color": INITIATIVE },
  },
  { selector: 'edge[type = "PUBLISHES"]', style: { "line-style": "dotted", "line-color": NEED_OFFER } },
  { selector: "edge[?ended]", style: { "line-style": "dotted", opacity: 0.5 } },
  {
    selector: 'edge[type = "MATCH"]',
    style: {
      "line-color": MATCH,
      "line-style": "dashed",
      "line-dash-pattern": [6, 4],
      width: "mapData(score, 0, 1, 1.5, 5)",
      opacity: 0.75,
      "curve-style": "unbundled-bezier",
      "control-point-distances": 30,
    },
  },
  { selector: ".faded", style: { opacity: 0.12, "text-opacity": 0 } },
  { selector: "edge.faded", style: { opacity: 0.06 } },
  {
    selector: "node.evidence",
    style: {
      "border-width": 4,
      "border-color": EVIDENCE,
      "underlay-color": EVIDENCE,
      "underlay-padding": 7,
      "underlay-opacity": 0.35,
      "underlay-shape": "ellipse",
    },
  },
  {
    selector: "node.subject",
    style: {
      "border-width": 5,
      "border-color": MATCH,
      "underlay-color": MATCH,
      "underlay-padding": 9,
      "underlay-opacity": 0.3,
      "z-index": 10,
    },
  },
  { selector: "node.pulse", style: { "underlay-opacity": 0.8, "underlay-padding": 12 } },
  { selector: "edge.evidence", style: { "line-color": "#6b7785", width: 2.5, opacity: 1 } },
  {
    selector: "edge.selected-match",
    style: { "line-color": MATCH, width: 6, opacity: 1, "line-style": "solid", "z-index": 10 },
  },
  { selector: "node:selected", style: { "border-color": "#23313f", "border-width": 3 } },
];

function nodeElement(node) {
  return {
    group: "nodes",
    data: {
      id: node.id,
      label: node.name ?? node.id,
      type: node.label,
      helix: node.helix ?? null,
      kind: node.kind ?? null,
      regions: node.regions ?? [],
      themes: node.themes ?? [],
      pending: Boolean(node.pending),
    },
  };
}

function edgeElement(edge) {
  return {
    group: "edges",
    data: {
      id: `${edge.type}:${edge.source}->${edge.target}`,
      source: edge.source,
      target: edge.target,
      type: edge.type,
      role: edge.role ?? null,
      ended: Boolean(edge.until),
    },
  };
}

export class NetworkGraph {
  constructor(container, { onNodeTap, onMatchTap } = {}) {
    this.cy = cytoscape({
      container,
      style: STYLE,
      minZoom: 0.2,
      maxZoom: 3,
      boxSelectionEnabled: false,
    });
    this.cy.on("tap", "node", (e) => onNodeTap?.(e.target.id()));
    let pending = false;
    this.cy.on("zoom", () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        const next = 1 / Math.min(1, Math.max(this.cy.zoom(), 0.5));
        if (Math.abs(next - labelScale) > 0.02) {
          labelScale = next;
          this.cy.style().update();
        }
      });
    });
    this.cy.on("tap", 'edge[type = "MATCH"]', (e) => onMatchTap?.(e.target.data("matchId")));
    this.filter = () => true;
    this.focus = null;
  }

  /** Replaces the whole graph: network parts (nodes+edges) and proposed matches. */
  setNetwork(parts, matches) {
    const nodes = new Map();
    const edges = new Map();
    for (const part of parts) {
      for (const n of part.nodes ?? []) if (n?.id && !nodes.has(n.id)) nodes.set(n.id, nodeElement(n));
      for (const e of part.edges ?? []) if (e?.source && e?.target) edges.set(`${e.type}:${e.source}->${e.target}`, edgeElement(e));
    }
    const elements = [...nodes.values(), ...[...edges.values()].filter((e) => nodes.has(e.data.source) && nodes.has(e.data.target))];
    for (const m of matches) {
      const [a, b] = m.subject_ids ?? [];
      if (nodes.has(a) && nodes.has(b)) {
        elements.push({ group: "edges", data: { id: `MATCH:${m.match_id}`, source: a, target: b, type: "MATCH", matchId: m.match_id, score: m.score } });
      }
    }
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(elements);
    });
    this.applyFilter(this.filter);
    this.layout();
  }

  /** Adds neighbourhoods and match edges not drawn yet; lays the graph out again if nodes came. */
  addParts(parts, matches = []) {
    let nodesAdded = false;
    this.cy.batch(() => {
      for (const part of parts) {
        for (const n of part.nodes ?? []) {
          if (n?.id && this.cy.getElementById(n.id).empty()) {
            this.cy.add(nodeElement(n));
            nodesAdded = true;
          }
        }
      }
      for (const part of parts) {
        for (const e of part.edges ?? []) {
          const el = edgeElement(e);
          if (this.cy.getElementById(el.data.id).empty() && this.has(e.source) && this.has(e.target)) this.cy.add(el);
        }
      }
      for (const m of matches) {
        const [a, b] = m.subject_ids;
        if (this.cy.getElementById(`MATCH:${m.match_id}`).empty() && this.has(a) && this.has(b)) {
          this.cy.add({ group: "edges", data: { id: `MATCH:${m.match_id}`, source: a, target: b, type: "MATCH", matchId: m.match_id, score: m.score } });
        }
      }
    });
    if (nodesAdded) {
      this.applyFilter(this.filter);
      this.layout();
    }
    return nodesAdded;
  }

  /** Draws exactly these matches as match edges (those whose two subjects are in the graph). */
  setMatches(matches) {
    this.cy.batch(() => {
      this.cy.edges('[type = "MATCH"]').remove();
      this.addParts([], matches);
    });
  }

  removeMatch(matchId) {
    this.cy.getElementById(`MATCH:${matchId}`).remove();
  }

  has(id) {
    return !this.cy.getElementById(id).empty();
  }

  /** Shows the nodes the predicate keeps (and the edges between shown nodes); focus overrides. */
  applyFilter(keep) {
    this.filter = keep;
    const pinned = new Set(this.focus ? [...this.focus.subjects, ...this.focus.evidence] : []);
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        n.style("display", pinned.has(n.id()) || keep(n.data()) ? "element" : "none");
      });
    });
  }

  visibleCounts() {
    const nodes = this.cy.nodes().filter((n) => n.style("display") !== "none");
    const edges = this.cy.edges().filter((e) => e.visible());
    return {
      nodes: nodes.length,
      edges: edges.filter((e) => e.data("type") !== "MATCH").length,
      matches: edges.filter((e) => e.data("type") === "MATCH").length,
    };
  }

  layout() {
    const visible = this.cy.elements().filter((e) => e.style("display") !== "none");
    if (visible.empty()) return;
    this.cy
      .layout({
        name: "cose",
        animate: false,
        randomize: true,
        nodeDimensionsIncludeLabels: true,
        padding: 40,
        idealEdgeLength: () => 70,
        nodeRepulsion: () => 6000,
        edgeElasticity: (e) => (e.data("type") === "MATCH" ? 400 : 100),
        gravity: 1,
        numIter: 1500,
        componentSpacing: 40,
      })
      .run();
    this.fit();
  }

  fit(elements) {
    const target = elements && elements.nonempty() ? elements : this.cy.elements().filter((e) => e.style("display") !== "none");
    this.cy.fit(target, 60);
    if (this.cy.zoom() > 1.4) {
      this.cy.zoom(1.4);
      this.cy.center(target);
    }
  }

  /** Highlights a match: its two subjects, its evidence nodes and the edges between them. */
  highlight(match) {
    const evidence = [...new Set(match.criteria?.flatMap((c) => c.evidence ?? []) ?? [])].filter((id) => this.has(id));
    this.focus = { subjects: match.subject_ids, evidence };
    this.applyFilter(this.filter);
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().removeClass("faded evidence subject selected-match");
      const subjects = cy.collection(match.subject_ids.map((id) => cy.getElementById(id)).filter((n) => n.nonempty()));
      // An initiative's table as the graph shows it now: a match's evidence names the helixes at
      // the table, not each member (a member joining changes nothing the match says).
      const table = subjects
        .filter((n) => n.data("type") === "Initiative")
        .incomers('edge[type = "MEMBER_OF"]')
        .filter((e) => !e.data("ended"))
        .sources();
      const proof = cy.collection(evidence.map((id) => cy.getElementById(id))).union(table);
      const kept = subjects.union(proof);
      const links = kept.edgesWith(kept).filter((e) => e.data("type") !== "MATCH");
      const matchEdge = cy.getElementById(`MATCH:${match.match_id}`);
      cy.elements().not(kept).not(links).not(matchEdge).addClass("faded");
      proof.addClass("evidence");
      links.addClass("evidence");
      subjects.addClass("subject");
      matchEdge.addClass("selected-match");
      this.focused = kept;
    });
    this.fit(this.focused);
    return this.focused.length;
  }

  pulse(id) {
    const node = this.cy.getElementById(id);
    if (node.empty()) return;
    node.addClass("pulse");
    setTimeout(() => node.removeClass("pulse"), 900);
  }

  clearHighlight() {
    this.focus = null;
    this.focused = null;
    this.cy.elements().removeClass("faded evidence subject selected-match");
    this.applyFilter(this.filter);
    this.fit();
  }

  resize() {
    this.cy.resize();
  }
}
