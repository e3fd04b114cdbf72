// The labelling tab (issue 19): waves, applications per state with their time in that state, and
// an application's time in each state, audit trail and (once every evaluator has scored) its
// scores per category with the rule's proposal and the recorded member type.
//
// The data is the registry's labelling API, read through the matching service's read-only
// pass-through at /dashboard/labelling/... (same origin; the caller's key decides what it shows):
// a coordinator sees every application, an evaluator their own queue (the key's role comes from
// /dashboard/labelling/role). Blind scoring is the registry's: what it does not send is not shown.

export const STATES = ["submitted", "under_evaluation", "evaluated", "decided"];
const BASE = "/dashboard/labelling";

const TEXTS = {
  nl: {
    states: { submitted: "Ingediend", under_evaluation: "In beoordeling", evaluated: "Beoordeeld, wacht op besluit", decided: "Besloten" },
    memberTypes: {
      effective: "Effective",
      adherent: "Adherent",
      accepted_to_grow: "Accepted to Grow",
      innovation_partner: "Innovation Partner",
      not_admitted: "niet toegelaten",
    },
    categories: { organisation: "Organisatie", openness: "Openheid", resources: "Middelen", user_centricism: "Gebruikersgerichtheid", value: "Waarde" },
    steps: { submitted: "aanvraag ingediend", evaluator_assigned: "beoordelaar toegewezen", score_submitted: "scores ingediend", decision_recorded: "besluit vastgelegd" },
    coordinatorView: "Coördinator: alle aanvragen van alle rondes",
    evaluatorView: (n) => `Beoordelaar: uw wachtrij (${n} te beoordelen)`,
    noAccess: "Labelling is er voor coördinatoren en beoordelaars; deze sleutel hoort bij geen van beide.",
    waves: "Rondes",
    noWaves: "Nog geen ronde geopend.",
    wave: (w) => `${w.wave_id} · ${w.year} · deadline ${w.deadline}`,
    applications: "Aanvragen per status",
    queue: "Uw wachtrij",
    emptyQueue: "Niets te beoordelen.",
    none: "—",
    inState: (d) => `${d} in deze status`,
    scored: (n, m) => `${n} van ${m} beoordeeld`,
    pick: "Kies een aanvraag voor de tijd per status, de audittrail en (na alle beoordelingen) de scores.",
    timeInStates: "Tijd per status",
    audit: "Audittrail",
    scores: "Scores per categorie (gemiddelde van de beoordelaars, 0–5)",
    blind: "Scores blijven verborgen tot elke toegewezen beoordelaar heeft gescoord.",
    ownScores: (n) => `Uw eigen scores (${n} criteria); de andere beoordelaars ziet u pas als iedereen heeft gescoord.`,
    proposal: "Voorstel van de beslisregel",
    decision: "Besluit",
    decidedBy: (who, when) => `door ${who}, ${when}`,
    host: "Gastpartner",
    notLab: "geen living lab",
    evaluators: "Beoordelaars",
    loading: "Labelling laden…",
    failed: "Labelling kon niet worden geladen",
  },
  en: {
    states: { submitted: "Submitted", under_evaluation: "Under evaluation", evaluated: "Evaluated, awaiting decision", decided: "Decided" },
    memberTypes: {
      effective: "Effective",
      adherent: "Adherent",
      accepted_to_grow: "Accepted to Grow",
      innovation_partner: "Innovation Partner",
      not_admitted: "not admitted",
    },
    categories: { organisation: "Organisation", openness: "Openness", resources: "Resources", user_centricism: "User centricism", value: "Value" },
    steps: { submitted: "application submitted", evaluator_assigned: "evaluator assigned", score_submitted: "scores submitted", decision_recorded: "decision recorded" },
    coordinatorView: "Coordinator: every application of every wave",
    evaluatorView: (n) => `Evaluator: your queue (${n} to score)`,
    noAccess: "Labelling is for coordinators and evaluators; this key is neither.",
    waves: "Waves",
    noWaves: "No wave opened yet.",
    wave: (w) => `${w.wave_id} · ${w.year} · deadline ${w.deadline}`,
    applications: "Applications by state",
    queue: "Your queue",
    emptyQueue: "Nothing to score.",
    none: "—",
    inState: (d) => `${d} in this state`,
    scored: (n, m) => `${n} of ${m} scored`,
    pick: "Pick an application for its time in each state, its audit trail and (once all have scored) its scores.",
    timeInStates: "Time in each state",
    audit: "Audit trail",
    scores: "Scores per category (mean over the evaluators, 0–5)",
    blind: "Scores stay hidden until every assigned evaluator has scored.",
    ownScores: (n) => `Your own scores (${n} criteria); the other evaluators' show once everyone has scored.`,
    proposal: "The decision rule's proposal",
    decision: "Decision",
    decidedBy: (who, when) => `by ${who}, ${when}`,
    host: "Host partner",
    notLab: "not a living lab",
    evaluators: "Evaluators",
    loading: "Loading labelling…",
    failed: "Labelling could not be loaded",
  },
};

export function labellingTexts(lang) {
  return TEXTS[lang] ?? TEXTS.nl;
}

/** A duration in seconds as the two largest units: "3 d 4 h", "12 min", "< 1 min". */
export function formatDuration(seconds, lang = "nl") {
  const s = Math.max(0, Math.floor(seconds ?? 0));
  const units = lang === "en" ? ["d", "h", "min"] : ["d", "u", "min"];
  const parts = [
    [Math.floor(s / 86400), units[0]],
    [Math.floor((s % 86400) / 3600), units[1]],
    [Math.floor((s % 3600) / 60), units[2]],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return "< 1 min";
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n} ${u}`)
    .join(" ");
}

/** Applications grouped by state, in the workflow's order, each group by lab name. */
export function byState(applications) {
  const groups = new Map(STATES.map((s) => [s, []]));
  for (const a of applications) {
    if (!groups.has(a.status)) groups.set(a.status, []);
    groups.get(a.status).push(a);
  }
  for (const list of groups.values()) list.sort((a, b) => a.lab_name.localeCompare(b.lab_name));
  return groups;
}

/** Seconds in the application's current state. */
export function timeInCurrentState(application) {
  return application.seconds_in_state?.[application.status] ?? 0;
}

/** The category rows to draw: the criteria's category order, names in `lang`, the mean. */
export function categoryRows(application, categories, lang = "nl") {
  const means = application.category_means;
  if (!means) return [];
  const names = labellingTexts(lang).categories;
  const order = categories?.length ? categories : Object.keys(means);
  return order.filter((id) => id in means).map((id) => ({ id, name: names[id] ?? id, mean: means[id] }));
}

/** The waves as the registry lists them, the latest year first. */
export function wavesOf(waves) {
  return [...(waves ?? [])].sort((a, b) => b.year - a.year || a.wave_id.localeCompare(b.wave_id));
}

/** Everything the tab shows, read as this key may: a coordinator's list, an evaluator's queue. */
export async function loadLabelling(api) {
  const get = (path) => api.request(`${BASE}/${path}`);
  const [who, criteria, waves] = await Promise.all([get("role"), get("criteria"), get("waves")]);
  if (who.role === "coordinator") return { role: "coordinator", criteria, waves, applications: await get("applications") };
  if (who.role === "evaluator") return { role: "evaluator", criteria, waves, applications: await get("queue") };
  return { role: "none", criteria, waves, applications: [] };
}

export async function loadApplication(api, id) {
  return api.request(`${BASE}/applications/${encodeURIComponent(id)}`);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "style") node.style.cssText = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export class LabellingView {
  constructor(container, { onError }) {
    this.container = container;
    this.onError = onError;
    this.data = null;
    this.error = null;
    this.selectedId = null;
    this.selected = null;
    this.lang = "nl";
  }

  async load(api) {
    this.api = api;
    this.data = null;
    this.error = null;
    this.render(this.lang);
    try {
      this.data = await loadLabelling(api);
      if (this.selectedId) await this.select(this.selectedId);
    } catch (error) {
      if (this.onError?.(error)) return;
      this.error = error.message;
    }
    this.render(this.lang);
  }

  async select(id) {
    this.selectedId = id;
    this.selected = null;
    this.render(this.lang);
    try {
      const application = await loadApplication(this.api, id);
      if (this.selectedId !== id) return;
      this.selected = application;
    } catch (error) {
      if (this.onError?.(error)) return;
      this.error = error.message;
    }
    this.render(this.lang);
  }

  render(lang) {
    this.lang = lang;
    const tx = labellingTexts(lang);
    const root = this.container;
    root.dataset.state = this.error ? "failed" : this.data ? "loaded" : "loading";
    if (this.error) {
      root.replaceChildren(el("p", { class: "labelling-note error" }, `${tx.failed}: ${this.error}`));
      return;
    }
    if (!this.data) {
      root.replaceChildren(el("p", { class: "labelling-note" }, tx.loading));
      return;
    }
    const { role, applications } = this.data;
    root.dataset.role = role;
    if (role === "none") {
      root.replaceChildren(el("p", { class: "labelling-note" }, tx.noAccess));
      return;
    }
    root.replaceChildren(
      el("p", { class: "labelling-role" }, role === "coordinator" ? tx.coordinatorView : tx.evaluatorView(applications.length)),
      this.wavesSection(tx),
      role === "coordinator" ? this.board(tx) : this.queueSection(tx),
      this.detail(tx),
    );
  }

  wavesSection(tx) {
    const waves = wavesOf(this.data.waves);
    return el(
      "section",
      { class: "waves" },
      el("h3", {}, tx.waves),
      waves.length
        ? el(
            "ul",
            { class: "wave-list" },
            ...waves.map((w) =>
              el(
                "li",
                { class: "wave", dataset: { wave: w.wave_id } },
                el("strong", {}, tx.wave(w)),
                el(
                  "span",
                  { class: "state-counts" },
                  ...STATES.map((s) => el("span", { class: `state-count state-${s}`, dataset: { state: s, count: String(w.applications?.[s] ?? 0) } }, `${tx.states[s]}: ${w.applications?.[s] ?? 0}`)),
                ),
              ),
            ),
          )
        : el("p", { class: "placeholder" }, tx.noWaves),
    );
  }

  card(a, tx) {
    const required = this.data.criteria?.evaluators_per_application ?? 3;
    const decided = a.decision?.member_type;
    return el(
      "li",
      { dataset: { applicationId: a.application_id, status: a.status } },
      el(
        "button",
        { type: "button", class: `application-card${a.application_id === this.selectedId ? " selected" : ""}`, "aria-pressed": String(a.application_id === this.selectedId), onclick: () => this.select(a.application_id) },
        el("span", { class: "lab-name" }, a.lab_name),
        el("span", { class: "card-meta" }, `${a.wave_id} · ${a.host_partner_id}`),
        el("span", { class: "in-state", dataset: { seconds: String(Math.round(timeInCurrentState(a))) } }, tx.inState(formatDuration(timeInCurrentState(a), this.lang))),
        a.status === "decided" ? null : el("span", { class: "card-meta" }, tx.scored(a.scored_by.length, Math.max(required, a.evaluators.length))),
        decided ? el("span", { class: `badge member-type mt-${decided}` }, tx.memberTypes[decided] ?? decided) : null,
      ),
    );
  }

  board(tx) {
    const groups = byState(this.data.applications);
    return el(
      "section",
      { class: "application-board" },
      el("h3", {}, tx.applications),
      el(
        "div",
        { class: "state-columns" },
        ...[...groups].map(([state, list]) =>
          el(
            "div",
            { class: "state-column", dataset: { state } },
            el("h4", {}, `${tx.states[state] ?? state} (${list.length})`),
            el("ol", { class: "application-list" }, ...(list.length ? list.map((a) => this.card(a, tx)) : [el("li", { class: "empty" }, tx.none)])),
          ),
        ),
      ),
    );
  }

  queueSection(tx) {
    const list = this.data.applications;
    return el(
      "section",
      { class: "application-board queue" },
      el("h3", {}, tx.queue),
      el("ol", { class: "application-list", id: "labelling-queue" }, ...(list.length ? list.map((a) => this.card(a, tx)) : [el("li", { class: "empty" }, tx.emptyQueue)])),
    );
  }

  detail(tx) {
    const lang = this.lang;
    if (!this.selectedId) return el("section", { class: "application-detail" }, el("p", { class: "placeholder" }, tx.pick));
    const a = this.selected;
    if (!a) return el("section", { class: "application-detail" }, el("p", { class: "placeholder" }, tx.loading));
    const when = (iso) => new Date(iso).toLocaleString(lang);
    const rows = categoryRows(a, this.data.criteria?.categories, lang);
    const max = this.data.criteria?.scale?.max ?? 5;
    const own = Object.values(a.scores ?? {})[0];
    let scores;
    if (rows.length) {
      scores = el(
        "div",
        { class: "category-scores" },
        el("h4", {}, tx.scores),
        el(
          "table",
          { class: "categories" },
          el("tbody", {}, ...rows.map((r) => el("tr", { dataset: { category: r.id, mean: String(r.mean) } }, el("th", {}, r.name), el("td", { class: "mean" }, r.mean.toFixed(2)), el("td", { class: "bar-cell" }, el("span", { class: "bar" }, el("span", { style: `width:${Math.round((r.mean / max) * 100)}%` })))))),
        ),
        a.proposed_member_type ? el("p", { class: "proposal", dataset: { memberType: a.proposed_member_type } }, `${tx.proposal}: `, el("strong", {}, tx.memberTypes[a.proposed_member_type] ?? a.proposed_member_type)) : null,
      );
    } else if (own) {
      scores = el("p", { class: "blind own-scores", dataset: { count: String(own.length) } }, tx.ownScores(own.length));
    } else {
      scores = el("p", { class: "blind" }, tx.blind);
    }
    return el(
      "section",
      { class: "application-detail", id: "application-detail", dataset: { applicationId: a.application_id, status: a.status } },
      el("h3", {}, a.lab_name, " ", el("span", { class: `badge state state-${a.status}` }, tx.states[a.status] ?? a.status)),
      el("p", { class: "card-meta" }, `${tx.host}: ${a.host_partner_id} · ${a.wave_id} (${a.label_year})${a.is_living_lab ? "" : ` · ${tx.notLab}`} · ${tx.evaluators}: ${a.evaluators.join(", ") || tx.none}`),
      a.decision
        ? el(
            "p",
            { class: "decision", dataset: { memberType: a.decision.member_type } },
            `${tx.decision}: `,
            el("strong", {}, tx.memberTypes[a.decision.member_type] ?? a.decision.member_type),
            ` ${tx.decidedBy(a.decision.decided_by, a.audit.findLast?.((e) => e.step === "decision_recorded") ? when(a.audit.findLast((e) => e.step === "decision_recorded").at) : "")}`,
            a.decision.note ? ` — ${a.decision.note}` : "",
          )
        : null,
      el("h4", {}, tx.timeInStates),
      el("ul", { class: "time-in-states" }, ...STATES.filter((s) => s in (a.seconds_in_state ?? {})).map((s) => el("li", { dataset: { state: s } }, `${tx.states[s]}: ${formatDuration(a.seconds_in_state[s], lang)}`))),
      scores,
      el("h4", {}, tx.audit),
      el("ol", { class: "audit" }, ...a.audit.map((e) => el("li", { dataset: { step: e.step, actor: e.actor } }, el("time", { datetime: e.at }, when(e.at)), " ", el("strong", {}, tx.steps[e.step] ?? e.step), ` · ${e.actor}`, e.detail ? ` · ${tx.memberTypes[e.detail] ?? e.detail}` : ""))),
    );
  }
}
