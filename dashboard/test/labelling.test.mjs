// Unit tests for the labelling tab's data handling (node --test, no browser).
import assert from "node:assert/strict";
import { test } from "node:test";

import { STATES, byState, categoryRows, formatDuration, loadLabelling, timeInCurrentState, wavesOf } from "../src/labelling.js";

const app = (id, status, extra = {}) => ({
  application_id: id,
  wave_id: "w-2026",
  label_year: 2026,
  lab_name: id.toUpperCase(),
  status,
  seconds_in_state: { submitted: 60, [status]: 7200 },
  scored_by: [],
  evaluators: [],
  ...extra,
});

class Refused extends Error {
  constructor(status) {
    super(`HTTP ${status}`);
    this.status = status;
  }
}

test("durations show their two largest units, in the page's language", () => {
  assert.equal(formatDuration(0), "< 1 min");
  assert.equal(formatDuration(59), "< 1 min");
  assert.equal(formatDuration(12 * 60), "12 min");
  assert.equal(formatDuration(3 * 86400 + 4 * 3600 + 5 * 60, "en"), "3 d 4 h");
  assert.equal(formatDuration(3 * 86400 + 4 * 3600, "nl"), "3 d 4 u");
  assert.equal(formatDuration(86400 + 30 * 60, "en"), "1 d");
});

test("applications are grouped by state in the workflow's order, each group by lab name", () => {
  const groups = byState([app("b", "decided"), app("c", "submitted"), app("a", "decided")]);
  assert.deepEqual([...groups.keys()], STATES);
  assert.deepEqual(groups.get("decided").map((a) => a.application_id), ["a", "b"]);
  assert.deepEqual(groups.get("evaluated"), []);
  assert.equal(timeInCurrentState(app("x", "under_evaluation")), 7200);
});

test("category rows follow the criteria's order and exist only once scores are shown", () => {
  const means = { value: 2.5, organisation: 4, openness: 3.25 };
  const rows = categoryRows(app("a", "evaluated", { category_means: means }), ["organisation", "openness", "resources", "value"], "en");
  assert.deepEqual(rows, [
    { id: "organisation", name: "Organisation", mean: 4 },
    { id: "openness", name: "Openness", mean: 3.25 },
    { id: "value", name: "Value", mean: 2.5 },
  ]);
  assert.equal(categoryRows(app("a", "evaluated", { category_means: means }), [], "nl")[0].name, "Waarde");
  assert.deepEqual(categoryRows(app("b", "under_evaluation", { category_means: null }), ["value"]), []);
});

test("waves are listed the latest year first", () => {
  const listed = [
    { wave_id: "old", year: 2025, deadline: "2025-06-01", applications: {} },
    { wave_id: "new", year: 2026, deadline: "2026-06-01", applications: {} },
  ];
  assert.deepEqual(wavesOf(listed).map((w) => w.wave_id), ["new", "old"]);
  assert.deepEqual(wavesOf(null), []);
});

function fakeApi(answers) {
  const asked = [];
  return {
    asked,
    async request(path) {
      asked.push(path);
      const answer = answers[path];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

const answers = (role, extra) => ({
  "/dashboard/labelling/role": { system: "me", role },
  "/dashboard/labelling/criteria": { categories: ["value"] },
  "/dashboard/labelling/waves": [],
  ...extra,
});

test("a coordinator's key lists every application through the pass-through", async () => {
  const api = fakeApi(answers("coordinator", { "/dashboard/labelling/applications": [app("a", "submitted")] }));
  const data = await loadLabelling(api);
  assert.equal(data.role, "coordinator");
  assert.equal(data.applications.length, 1);
  assert.ok(!api.asked.includes("/dashboard/labelling/queue"));
});

test("an evaluator's key gets its queue, without asking for the list; other keys neither", async () => {
  const api = fakeApi(answers("evaluator", { "/dashboard/labelling/queue": [app("q", "under_evaluation")] }));
  const evaluator = await loadLabelling(api);
  assert.deepEqual([evaluator.role, evaluator.applications.map((a) => a.application_id)], ["evaluator", ["q"]]);
  assert.ok(!api.asked.includes("/dashboard/labelling/applications"));
  const partnerApi = fakeApi(answers("partner_system", {}));
  assert.equal((await loadLabelling(partnerApi)).role, "none");
  assert.deepEqual(partnerApi.asked.sort(), ["/dashboard/labelling/criteria", "/dashboard/labelling/role", "/dashboard/labelling/waves"]);
});

test("a registry that cannot be reached fails the load, so the tab says so", async () => {
  const api = fakeApi(answers("coordinator", { "/dashboard/labelling/criteria": new Refused(502) }));
  await assert.rejects(loadLabelling(api), /HTTP 502/);
});
