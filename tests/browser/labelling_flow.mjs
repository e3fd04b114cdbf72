// Drives the dashboard's labelling tab in Debian's headless Chromium through playwright-core: a
// coordinator signs in, opens the tab, reads the waves and the applications per state, opens a
// decided application (scores per category, member type, audit trail) and writes a screenshot;
// then an evaluator signs in and sees their queue, blind. Run by
// tests/browser/test_dashboard_labelling.py with the scenario as JSON in DASHBOARD_SCENARIO;
// prints one JSON line of results on stdout.
import { finishFlow, scenario, startFlow } from "./flow_support.mjs";

const flow = await startFlow("labelling", { viewport: { width: 1440, height: 1000 }, locale: "en-GB" });
const { results, step, page } = flow;
let phase = "coordinator";
page.on("pageerror", (error) => results.console.push(`${phase} pageerror: ${error.message}`));
page.on("console", (msg) => {
  if (msg.type() === "error") results.console.push(`${phase} error: ${msg.text()} @ ${msg.location()?.url ?? ""}`);
});

async function signIn(key, { switching = false } = {}) {
  if (switching) {
    // The dashboard's own "change key". (Clearing the storage and reloading raced with the page
    // signing in again with the stored key, which put the key back: a flaky sign-in.)
    await page.click("#change-key");
  } else {
    await page.goto(scenario.url, { waitUntil: "domcontentloaded" });
    await page.evaluate(() => localStorage.clear());
    await page.evaluate(() => localStorage.setItem("livinglab.dashboard.lang", "en"));
    await page.reload({ waitUntil: "domcontentloaded" });
    await page.waitForSelector("body[data-ready='true']");
  }
  await page.waitForSelector("#key-overlay:not([hidden])");
  await page.fill("#key-input", key);
  await page.click("#key-form button[type=submit]");
  await page.waitForSelector("#key-overlay[hidden]", { state: "attached" });
  await page.click("[data-view='labelling']");
  await page.waitForSelector("#labelling[data-state='loaded']");
}

const cards = () =>
  page.$$eval("#labelling [data-application-id]:not(#application-detail)", (items) =>
    items.map((li) => ({
      id: li.dataset.applicationId,
      status: li.dataset.status,
      column: li.closest(".state-column")?.dataset.state ?? null,
      seconds: Number(li.querySelector(".in-state")?.dataset.seconds ?? -1),
      text: li.textContent,
    })),
  );

const detail = () =>
  page.$eval("#application-detail", (d) => ({
    id: d.dataset.applicationId,
    status: d.dataset.status,
    title: d.querySelector("h3")?.textContent ?? "",
    categories: [...d.querySelectorAll(".categories tr")].map((tr) => ({ id: tr.dataset.category, mean: Number(tr.dataset.mean), text: tr.textContent })),
    proposal: d.querySelector(".proposal")?.dataset.memberType ?? null,
    decision: d.querySelector(".decision")?.dataset.memberType ?? null,
    decision_text: d.querySelector(".decision")?.textContent ?? null,
    times: [...d.querySelectorAll(".time-in-states li")].map((li) => li.dataset.state),
    audit: [...d.querySelectorAll(".audit li")].map((li) => ({ step: li.dataset.step, actor: li.dataset.actor, text: li.textContent })),
    blind: d.querySelector(".blind")?.textContent ?? null,
    own_scores: d.querySelector(".own-scores") ? Number(d.querySelector(".own-scores").dataset.count) : null,
  }));

await finishFlow(flow, async () => {
  // The coordinator: waves, every application by state, one decided application in full.
  await signIn(scenario.coordinator_key);
  results.coordinator = {
    role: await page.$eval("#labelling", (el) => el.dataset.role),
    role_text: await page.textContent(".labelling-role"),
    graph_hidden: await page.$eval("#graph", (el) => el.hidden),
    waves: await page.$$eval(".wave", (ws) =>
      ws.map((w) => ({ id: w.dataset.wave, text: w.textContent, counts: Object.fromEntries([...w.querySelectorAll(".state-count")].map((c) => [c.dataset.state, Number(c.dataset.count)])) })),
    ),
    cards: await cards(),
  };
  step("coordinator loaded", { cards: results.coordinator.cards.length });
  await page.click(`[data-application-id='${scenario.decided}'] button`);
  await page.waitForSelector(`#application-detail[data-application-id='${scenario.decided}']`);
  results.coordinator.decided = await detail();
  await page.waitForTimeout(300);
  await page.screenshot({ path: scenario.screenshot });
  step("screenshot", { path: scenario.screenshot });
  await page.click(`[data-application-id='${scenario.under_evaluation}'] button`);
  await page.waitForSelector(`#application-detail[data-application-id='${scenario.under_evaluation}']`);
  results.coordinator.under_evaluation = await detail();
  step("coordinator read an application under evaluation");

  // The evaluator: their queue only, and blind scoring.
  phase = "evaluator";
  await signIn(scenario.evaluator_key, { switching: true });
  results.evaluator = {
    role: await page.$eval("#labelling", (el) => el.dataset.role),
    role_text: await page.textContent(".labelling-role"),
    cards: await cards(),
  };
  await page.click(`[data-application-id='${scenario.under_evaluation}'] button`);
  await page.waitForSelector(`#application-detail[data-application-id='${scenario.under_evaluation}']`);
  results.evaluator.under_evaluation = await detail();
  await page.screenshot({ path: scenario.evaluator_screenshot });
  step("evaluator queue", { cards: results.evaluator.cards.length });
});
