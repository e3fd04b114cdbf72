// The coordinator dashboard: filters, proposed matches, a match's explanation with its evidence
// highlighted in the network, feedback, and the live feed of new matches.
import { ApiError, MatchingApi, loadReference } from "./api.js";
import { connectFeed } from "./feed.js";
import { HELIX_COLOURS, NetworkGraph } from "./graph.js";
import { LANGS, texts, translatePage } from "./i18n.js";
import { LabellingView } from "./labelling.js";
import { RegionMap, loadRegionCounts } from "./map.js";
import { Reference } from "./reference.js";

const KEY_STORAGE = "livinglab.dashboard.apiKey";
const LANG_STORAGE = "livinglab.dashboard.lang";
const MAX_NETWORK_REQUESTS = 60;
const MAX_LIVE_ITEMS = 50;

const $ = (id) => document.getElementById(id);

/** Creates an element; children are nodes or text (never parsed as HTML). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") el.className = value;
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "style") el.style.cssText = value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const state = {
  key: localStorage.getItem(KEY_STORAGE) ?? "",
  lang: LANGS.includes(localStorage.getItem(LANG_STORAGE)) ? localStorage.getItem(LANG_STORAGE) : "nl",
  api: null,
  ref: null,
  graph: null,
  map: null,
  labelling: null,
  view: "graph", // or "map" or "labelling": which one fills the middle panel
  feed: null,
  filters: { region: "", theme: "", helix: "", kind: "", status: "proposed", feedback: "", min_score: 0 },
  matches: [],
  total: 0,
  stats: null,
  selectedId: null,
  selected: null,
  pendingFeedback: new Map(),
  live: [],
  liveBacklog: [],
  feedState: "connecting",
  feedDetail: "",
  listLoading: false,
  graphLoading: false,
  gaps: new Map(), // initiative id -> its gap report row (null: no gaps), for the match detail
};

const t = () => texts(state.lang);
const pct = (score) => `${Math.round((score ?? 0) * 100)}%`;
const pair = (m) => (m.subject_names?.length ? m.subject_names : m.subject_ids).join(" ↔ ");

// ---------------------------------------------------------------- language and sign-in

function setLanguage(lang) {
  state.lang = lang;
  localStorage.setItem(LANG_STORAGE, lang);
  translatePage(document, lang);
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  }
  $("key-lang").value = lang;
  if (state.ref) renderFilterOptions();
  renderLegend();
  renderStats();
  renderMatchList();
  renderDetail();
  renderLive();
  renderGraphNote();
  renderMap();
  state.labelling?.render(lang);
}

function showKeyDialog(message) {
  $("key-overlay").hidden = false;
  $("layout").inert = true;
  $("key-error").hidden = !message;
  $("key-error").textContent = message ?? "";
  $("key-input").value = "";
  $("key-input").focus();
}

async function signIn(key) {
  const api = new MatchingApi(key);
  try {
    state.stats = await api.stats();
  } catch (error) {
    showKeyDialog(error instanceof ApiError && error.status === 401 ? t().keyRefused : t().keyUnreachable);
    return false;
  }
  state.key = key;
  state.api = api;
  localStorage.setItem(KEY_STORAGE, key);
  $("key-overlay").hidden = true;
  $("layout").inert = false;
  renderStats();
  startFeed();
  if (state.view === "labelling") state.labelling.load(api); // another key sees other applications
  await refreshAll();
  return true;
}

function signOut() {
  state.feed?.stop();
  state.feed = null;
  localStorage.removeItem(KEY_STORAGE);
  state.key = "";
  showKeyDialog();
}

// ---------------------------------------------------------------- filters

function option(value, label, selected) {
  return h("option", { value, selected: value === selected }, label);
}

function renderFilterOptions() {
  const { ref, filters, lang } = state;
  const tx = t();
  const indent = (depth) => "\u2002".repeat(depth);
  $("region-filter").replaceChildren(
    option("", tx.allRegions, filters.region),
    ...ref.regionOptions().map(({ id, depth }) => option(id, `${indent(depth)}${ref.regionLabel(id, lang)} (${id})`, filters.region)),
  );
  $("theme-filter").replaceChildren(
    option("", tx.allThemes, filters.theme),
    ...ref.themeOptions().map(({ id, depth }) => option(id, `${indent(depth)}${ref.themeLabel(id, lang)}`, filters.theme)),
  );
  $("helix-filter").replaceChildren(
    option("", tx.all, filters.helix),
    ...ref.helix.map((x) => option(x.id, x[`name_${lang}`], filters.helix)),
  );
  $("kind-filter").replaceChildren(
    option("", tx.all, filters.kind),
    ...["partner_to_initiative", "initiative_to_initiative", "need_to_offer"].map((k) => option(k, tx.kinds[k], filters.kind)),
  );
  $("status-filter").replaceChildren(
    option("proposed", tx.proposed, filters.status),
    option("withdrawn", tx.withdrawn, filters.status),
  );
  $("feedback-filter").replaceChildren(
    option("", tx.all, filters.feedback),
    option("none", tx.open, filters.feedback),
    option("accepted", tx.accepted, filters.feedback),
    option("declined", tx.declined, filters.feedback),
  );
  $("min-score").value = String(filters.min_score);
  $("min-score-out").textContent = `${filters.min_score}%`;
}

function readFilters() {
  return {
    region: $("region-filter").value,
    theme: $("theme-filter").value,
    helix: $("helix-filter").value,
    kind: $("kind-filter").value,
    status: $("status-filter").value,
    feedback: $("feedback-filter").value,
    min_score: Number($("min-score").value),
  };
}

function onFiltersChanged() {
  const before = state.filters;
  state.filters = readFilters();
  const networkChanged = before.region !== state.filters.region || before.theme !== state.filters.theme;
  if (before.theme !== state.filters.theme && state.view === "map") loadMap();
  renderMap();
  if (networkChanged) {
    refreshAll();
  } else if (before.helix !== state.filters.helix) {
    applyGraphFilter();
  } else {
    loadMatches().then(() => {
      state.graph.setMatches(state.matches);
      applyGraphFilter();
      if (state.selected) state.graph.highlight(state.selected);
    });
  }
}

function matchQuery() {
  const f = state.filters;
  return {
    region: f.region,
    theme: f.theme,
    kind: f.kind,
    status: f.status,
    feedback: f.feedback,
    min_score: f.min_score ? (f.min_score / 100).toFixed(2) : "",
    sort: "score",
    limit: 100,
  };
}

// ---------------------------------------------------------------- data

async function refreshAll() {
  await Promise.all([loadMatches(), loadStats()]);
  await loadGraph();
}

async function loadStats() {
  try {
    state.stats = await state.api.stats();
  } catch (error) {
    if (handleAuthError(error)) return;
  }
  renderStats();
}

let listRequest = 0;
async function loadMatches() {
  const mine = ++listRequest;
  state.listLoading = true;
  renderMatchList();
  try {
    const page = await state.api.matches(matchQuery());
    if (mine !== listRequest) return; // a newer request (other filters) is under way
    state.matches = page.items;
    state.total = page.total;
  } catch (error) {
    if (handleAuthError(error)) return;
    toast(`${t().error}: ${error.message}`);
  } finally {
    if (mine === listRequest) state.listLoading = false;
  }
  renderMatchList();
}

/** Fetches many small network neighbourhoods, a few at a time. */
async function networkParts(ids) {
  const queue = [...new Set(ids)].slice(0, MAX_NETWORK_REQUESTS);
  const parts = [];
  const worker = async () => {
    while (queue.length) {
      const id = queue.shift();
      try {
        parts.push(await state.api.network(id));
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return parts;
}

let graphRequest = 0;
async function loadGraph() {
  const mine = ++graphRequest;
  state.graphLoading = true;
  renderGraphNote();
  try {
    const { region, theme } = state.filters;
    const gaps = await state.api.gaps({ region, theme });
    const initiatives = gaps.map((g) => g.initiative_id);
    const subjects = state.matches.flatMap((m) => m.subject_ids);
    const parts = await networkParts([...initiatives, ...subjects]);
    if (mine !== graphRequest) return; // the filters changed meanwhile
    state.graph.setNetwork(parts, state.matches);
    applyGraphFilter();
    if (state.selected) await focusMatch(state.selected);
  } catch (error) {
    if (handleAuthError(error)) return;
    toast(`${t().error}: ${error.message}`);
  } finally {
    if (mine === graphRequest) state.graphLoading = false;
  }
  renderGraphNote();
}

// ---------------------------------------------------------------- region map (map.js)

let mapRequest = 0;
async function loadMap() {
  const mine = ++mapRequest;
  state.map.counts = null;
  state.map.error = null;
  renderMap();
  try {
    const counts = await loadRegionCounts(state.api, { theme: state.filters.theme });
    if (mine !== mapRequest) return; // the theme changed meanwhile
    state.map.counts = counts;
  } catch (error) {
    if (handleAuthError(error)) return;
    if (mine === mapRequest) state.map.error = error.message;
  }
  renderMap();
}

function renderMap() {
  if (state.map && state.ref) state.map.render({ ref: state.ref, lang: state.lang, selected: state.filters.region });
}

function showView(view) {
  state.view = view;
  for (const tab of document.querySelectorAll("[data-view]")) {
    tab.setAttribute("aria-selected", String(tab.dataset.view === view));
  }
  for (const id of ["graph", "legend", "graph-note"]) $(id).hidden = view !== "graph";
  $("region-map").hidden = view !== "map";
  $("labelling").hidden = view !== "labelling";
  if (view === "map") {
    loadMap();
  } else if (view === "labelling") {
    state.labelling.load(state.api);
  } else {
    state.graph.resize();
    state.graph.fit(state.graph.focused);
  }
}

/** A tap on a region filters the matches on it; a second tap on the same region clears it. */
function selectRegion(code) {
  $("region-filter").value = code === state.filters.region ? "" : code;
  onFiltersChanged();
}

function graphPredicate() {
  const { region, theme, helix } = state.filters;
  const regions = region ? state.ref.regionAndBelow(region) : null;
  const themes = theme ? state.ref.themeAndBelow(theme) : null;
  const listed = new Set(state.matches.flatMap((m) => m.subject_ids));
  return (node) => {
    const inPlace =
      listed.has(node.id) ||
      ((!regions || node.regions.some((r) => regions.has(r))) && (!themes || node.themes.some((s) => themes.has(s))));
    const inHelix = !helix || node.type !== "Partner" || node.helix === helix;
    return inPlace && inHelix;
  };
}

function applyGraphFilter() {
  state.graph.applyFilter(graphPredicate());
  state.graph.fit(state.graph.focused);
  renderGraphNote();
}

function handleAuthError(error) {
  if (error instanceof ApiError && error.status === 401) {
    signOut();
    showKeyDialog(t().keyRefused);
    return true;
  }
  return false;
}

// ---------------------------------------------------------------- a match

async function selectMatch(id) {
  state.selectedId = id;
  state.selected = null;
  delete $("graph").dataset.subjects;
  delete $("graph").dataset.highlighted;
  renderMatchList();
  renderDetail();
  try {
    const match = await state.api.match(id);
    if (state.selectedId !== id) return;
    state.selected = match;
    renderDetail();
    await Promise.all([focusMatch(match), loadGaps(match)]);
  } catch (error) {
    if (handleAuthError(error)) return;
    toast(`${t().error}: ${error.message}`);
  }
}

const INITIATIVE_SIDES = { partner_to_initiative: [1], initiative_to_initiative: [0, 1] };

/** The gap report of the match's initiatives: what they lack and who would fill it. */
async function loadGaps(match) {
  const ids = (INITIATIVE_SIDES[match.kind] ?? []).map((i) => match.subject_ids[i]).filter((id) => !state.gaps.has(id));
  if (!ids.length) return;
  const rows = await Promise.all(ids.map((id) => state.api.gaps({ initiative: id })));
  ids.forEach((id, n) => state.gaps.set(id, rows[n][0] ?? null));
  if (state.selected === match) renderDetail();
}

function gapSection(m, tx, lang) {
  const rows = (INITIATIVE_SIDES[m.kind] ?? []).map((i) => state.gaps.get(m.subject_ids[i])).filter(Boolean);
  const shown = rows.filter((g) => g.missing_helix.length || g.pathway_gaps.length);
  if (!shown.length) return null;
  return h(
    "section",
    { class: "gaps", id: "gaps" },
    h("h3", {}, tx.gaps),
    ...shown.map((g) =>
      h(
        "div",
        { class: "gap", dataset: { initiative: g.initiative_id } },
        h("p", {}, h("strong", {}, g.name), ": ", tx.gapLine(g.missing_helix.map((x) => tx.helixNames[x] ?? x), g.pathway_gaps)),
        g.suggestions.length
          ? h(
              "ul",
              { class: "suggestions" },
              ...g.suggestions.map((s) =>
                h(
                  "li",
                  { dataset: { gap: s.gap, partner: s.partner_id } },
                  h("button", { type: "button", class: "link", onclick: () => selectMatch(s.match_id) }, `${s.name} (${pct(s.score)})`),
                  h("span", { class: "gap-for" }, ` ${tx.fills} ${tx.gapName(s.gap)}`),
                  h("p", { class: "reason" }, s[`reasons_${lang}`]),
                ),
              ),
            )
          : h("p", { class: "placeholder" }, tx.noSuggestion),
      ),
    ),
  );
}

async function focusMatch(match) {
  const evidence = match.criteria.flatMap((c) => c.evidence).filter((e) => !e.includes(":"));
  const missing = [...match.subject_ids, ...evidence].filter((id) => !state.graph.has(id));
  const parts = missing.length ? await networkParts(match.subject_ids) : [];
  state.graph.addParts(parts, [match]);
  state.highlighted = state.graph.highlight(match);
  // What is highlighted, readable without looking at the canvas (screen readers, browser tests).
  $("graph").dataset.subjects = match.subject_ids.join(" ");
  $("graph").dataset.highlighted = state.graph.focused.map((n) => n.id()).join(" ");
  $("show-all").hidden = false;
  renderGraphNote();
}

function clearSelection() {
  state.selectedId = null;
  state.selected = null;
  state.highlighted = 0;
  state.graph.clearHighlight();
  delete $("graph").dataset.subjects;
  delete $("graph").dataset.highlighted;
  $("show-all").hidden = true;
  renderMatchList();
  renderDetail();
  renderGraphNote();
}

async function sendFeedback(decision) {
  const match = state.selected;
  if (!match) return;
  state.pendingFeedback.set(match.match_id, decision);
  renderDetail();
  try {
    await state.api.feedback(match.match_id, decision);
    toast(t().feedbackSent(t()[decision]));
  } catch (error) {
    state.pendingFeedback.delete(match.match_id);
    renderDetail();
    if (handleAuthError(error)) return;
    toast(`${t().feedbackFailed}: ${error.message}`);
    return;
  }
  // The feedback is an event; the worker records it a moment later. Read it back twice.
  for (const wait of [700, 2500]) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    const fresh = await state.api.match(match.match_id).catch(() => null);
    if (fresh && state.selectedId === match.match_id) {
      state.selected = fresh;
      renderDetail();
    }
    if (fresh?.feedback) break;
  }
  await loadMatches();
}

// ---------------------------------------------------------------- live feed

function startFeed() {
  state.feed?.stop();
  state.live = [];
  renderLive();
  state.feed = connectFeed({
    url: "feed",
    key: state.key,
    onState(feedState, detail) {
      state.feedState = feedState;
      state.feedDetail = detail ?? "";
      renderLive();
    },
    onChange({ change, match }) {
      state.live.unshift({ change, match, at: new Date(), fresh: true });
      state.live.length = Math.min(state.live.length, MAX_LIVE_ITEMS);
      renderLive();
      if (state.api) {
        state.liveBacklog.push({ change, match });
        scheduleLiveRefresh();
      }
    },
  });
}

let refreshTimer = null;
function scheduleLiveRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    const changes = state.liveBacklog.splice(0);
    await Promise.all([loadMatches(), loadStats()]);
    await drawLiveChanges(changes);
  }, 500);
}

/** New or updated matches get their edge (and subjects' neighbourhoods); withdrawn ones lose it. */
async function drawLiveChanges(changes) {
  const current = changes.filter((c) => c.change !== "withdrawn").map((c) => c.match);
  for (const c of changes) if (c.change === "withdrawn") state.graph.removeMatch(c.match.match_id);
  const missing = current.flatMap((m) => m.subject_ids).filter((id) => !state.graph.has(id));
  try {
    const parts = missing.length ? await networkParts(missing) : [];
    state.graph.addParts(parts, current);
    state.graph.setMatches(state.matches);
  } catch (error) {
    if (handleAuthError(error)) return;
  }
  state.graph.applyFilter(graphPredicate());
  if (state.selected) state.graph.highlight(state.selected);
  else state.graph.fit();
  renderGraphNote();
}

// ---------------------------------------------------------------- rendering

function renderStats() {
  const s = state.stats;
  const tx = t();
  $("stats").replaceChildren(
    ...(s ? ["Partner", "Initiative", "NeedOffer", "Match"].flatMap((k) => [h("div", { class: "stat" }, h("dd", {}, String(s[k] ?? 0)), h("dt", {}, tx.stats[k]))]) : []),
  );
}

function renderLegend() {
  const tx = t();
  const items = [
    ...state.ref?.helix.map((x) => h("li", {}, h("span", { class: "dot", style: `background:${HELIX_COLOURS[x.id]}` }), x[`name_${state.lang}`])) ?? [],
    h("li", {}, h("span", { class: "square" }), tx.nodeTypes.Initiative),
    h("li", {}, h("span", { class: "diamond" }), tx.nodeTypes.NeedOffer),
    h("li", {}, h("span", { class: "dash" }), tx.nodeTypes.Match),
  ];
  $("legend").replaceChildren(...items);
}

function feedbackBadge(m) {
  const pending = state.pendingFeedback.get(m.match_id);
  const value = m.feedback ?? pending;
  if (!value) return m.status === "withdrawn" ? h("span", { class: "badge muted" }, t().withdrawn) : null;
  return h("span", { class: `badge ${value}` }, t()[value]);
}

function renderMatchList() {
  const tx = t();
  $("match-count").textContent = state.listLoading ? tx.loading : String(state.total);
  if (!state.listLoading && !state.matches.length) {
    $("match-list").replaceChildren(h("li", { class: "empty" }, tx.noMatches));
    return;
  }
  $("match-list").replaceChildren(
    ...state.matches.map((m) =>
      h(
        "li",
        { dataset: { matchId: m.match_id } },
        h(
          "button",
          {
            type: "button",
            class: `match-item${m.match_id === state.selectedId ? " selected" : ""}`,
            "aria-pressed": String(m.match_id === state.selectedId),
            onclick: () => selectMatch(m.match_id),
          },
          h(
            "span",
            { class: "match-top" },
            h("span", { class: "names" }, pair(m)),
            h("span", { class: "score", style: `--score:${m.score}` }, pct(m.score)),
          ),
          h("span", { class: "match-meta" }, h("span", { class: "badge kind" }, tx.kinds[m.kind] ?? m.kind), feedbackBadge(m)),
          h("span", { class: "reasons" }, m[`top_reasons_${state.lang}`] ?? ""),
        ),
      ),
    ),
  );
}

function evidenceLabel(id) {
  const { ref, lang } = state;
  if (id.startsWith("theme:")) return `# ${ref.themeLabel(id.slice(6), lang)}`;
  if (id.startsWith("region:")) return `⌖ ${ref.regionLabel(id.slice(7), lang)}`;
  const node = state.graph.cy.getElementById(id);
  return node.nonempty() ? node.data("label") : id;
}

function renderDetail() {
  const tx = t();
  const root = $("detail");
  const m = state.selected;
  if (!state.selectedId) {
    root.replaceChildren(h("div", { class: "panel-head" }, h("h2", {}, "Match")), h("p", { class: "placeholder" }, tx.pickMatch));
    return;
  }
  if (!m) {
    root.replaceChildren(h("p", { class: "placeholder" }, tx.loading));
    return;
  }
  const lang = state.lang;
  const pending = state.pendingFeedback.get(m.match_id);
  const decided = m.feedback ?? pending;
  const criteria = [...m.criteria].sort((a, b) => b.weight * b.subscore - a.weight * a.subscore);
  root.replaceChildren(
    h(
      "div",
      { class: "detail-head" },
      h("div", {}, h("h2", { class: "detail-title" }, pair(m)), h("div", { class: "match-meta" }, h("span", { class: "badge kind" }, tx.kinds[m.kind] ?? m.kind), feedbackBadge(m))),
      h("div", { class: "big-score", style: `--score:${m.score}` }, h("strong", {}, pct(m.score)), h("span", {}, tx.score)),
    ),
    h("p", { class: "top-reasons" }, h("strong", {}, `${tx.topReasons}: `), m[`top_reasons_${lang}`] ?? ""),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "accept", id: "accept", disabled: Boolean(decided) || m.status !== "proposed", onclick: () => sendFeedback("accepted") }, `✓ ${tx.accept}`),
      h("button", { type: "button", class: "decline", id: "decline", disabled: Boolean(decided) || m.status !== "proposed", onclick: () => sendFeedback("declined") }, `✕ ${tx.decline}`),
      decided ? h("span", { class: "decided", id: "feedback-state", dataset: { feedback: m.feedback ?? "" } }, tx.feedbackDone(tx[decided])) : null,
    ),
    h("h3", {}, tx.criteria),
    h(
      "ol",
      { class: "criteria" },
      ...criteria.map((c) =>
        h(
          "li",
          { class: c.subscore > 0 ? "" : "zero" },
          h(
            "div",
            { class: "criterion-head" },
            h("span", { class: "criterion-name" }, h("span", { class: "cid" }, c.id), c[`label_${lang}`]),
            h("span", { class: "criterion-score" }, `${pct(c.subscore)} · ${tx.weight} ${pct(c.weight)}`),
          ),
          h("span", { class: "bar" }, h("span", { style: `width:${Math.round(c.subscore * 100)}%` })),
          h("p", { class: "reason" }, c[`reason_${lang}`]),
          c.evidence.length
            ? h(
                "div",
                { class: "evidence" },
                ...c.evidence.map((id) =>
                  h(
                    "button",
                    {
                      type: "button",
                      class: `chip${id.includes(":") ? " ref" : ""}`,
                      title: id,
                      onmouseenter: () => state.graph.pulse(id),
                      onclick: () => state.graph.pulse(id),
                    },
                    evidenceLabel(id),
                  ),
                ),
              )
            : null,
        ),
      ),
    ),
    gapSection(m, tx, lang),
    h("p", { class: "fineprint" }, `${tx.algorithm} ${m.algorithm_version} · ${tx.revision} ${m.revision}${m.changed_at ? ` · ${tx.changed} ${new Date(m.changed_at).toLocaleString(lang)}` : ""}`),
  );
}

function renderLive() {
  const tx = t();
  const badge = $("feed-status");
  badge.dataset.state = state.feedState;
  badge.textContent = tx.feed[state.feedState];
  const message = $("feed-message");
  message.hidden = state.feedState !== "unavailable";
  message.textContent = state.feedState === "unavailable" ? `${tx.feedUnavailableHelp}: ${state.feedDetail}. ${tx.feedRetry}` : "";
  if (!state.live.length) {
    $("live-list").replaceChildren(h("li", { class: "empty" }, tx.liveEmpty));
    return;
  }
  $("live-list").replaceChildren(
    ...state.live.map((item) => {
      const li = h(
        "li",
        { class: item.fresh ? "fresh" : "", dataset: { matchId: item.match.match_id, change: item.change } },
        h(
          "button",
          { type: "button", class: "live-item", onclick: () => selectMatch(item.match.match_id) },
          h("span", { class: "live-top" }, h("span", { class: `badge change-${item.change}` }, tx.change[item.change]), h("time", {}, item.at.toLocaleTimeString(state.lang))),
          h("span", { class: "names" }, pair(item.match)),
          h("span", { class: "live-score" }, `${tx.score} ${pct(item.match.score)} · ${tx.kinds[item.match.kind] ?? item.match.kind}`),
        ),
      );
      item.fresh = false;
      return li;
    }),
  );
}

function renderGraphNote() {
  const tx = t();
  const note = $("graph-note");
  if (!state.graph) return;
  if (state.graphLoading) {
    note.textContent = tx.loading;
    return;
  }
  if (state.selected && state.highlighted) {
    note.textContent = tx.graphFocus(state.highlighted);
    return;
  }
  const counts = state.graph.visibleCounts();
  note.textContent = counts.nodes ? tx.graphSummary(counts.nodes, counts.edges, counts.matches) : tx.graphEmpty;
}

let toastTimer = null;
function toast(message) {
  const el = $("toast");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.hidden = true), 3000);
}

// ---------------------------------------------------------------- start

async function main() {
  state.graph = new NetworkGraph($("graph"), {
    onNodeTap: (id) => state.graph.pulse(id),
    onMatchTap: (id) => id && selectMatch(id),
  });
  window.addEventListener("resize", () => state.graph.resize());
  state.map = new RegionMap($("region-map"), { onRegionTap: selectRegion });
  state.labelling = new LabellingView($("labelling"), { onError: handleAuthError });
  for (const tab of document.querySelectorAll("[data-view]")) {
    tab.addEventListener("click", () => showView(tab.dataset.view));
  }
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () => setLanguage(button.dataset.lang));
  }
  $("key-lang").addEventListener("change", (e) => setLanguage(e.target.value));
  $("change-key").addEventListener("click", signOut);
  $("show-all").addEventListener("click", clearSelection);
  $("filters").addEventListener("change", onFiltersChanged);
  $("min-score").addEventListener("input", (e) => ($("min-score-out").textContent = `${e.target.value}%`));
  $("key-form").addEventListener("submit", (e) => {
    e.preventDefault();
    signIn($("key-input").value.trim());
  });

  setLanguage(state.lang);
  state.ref = new Reference(await loadReference());
  renderFilterOptions();
  renderLegend();
  document.body.dataset.ready = "true";
  if (state.key) await signIn(state.key);
  else showKeyDialog();
}

main().catch((error) => {
  console.error(error);
  toast(`${t().error}: ${error.message}`);
});
