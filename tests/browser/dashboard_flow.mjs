// Drives the coordinator dashboard in Debian's headless Chromium through playwright-core (which
// never downloads a browser): sign in, filter by region, open a match, accept it, then post an
// event and wait for the new match in the live panel; writes a screenshot. Run by
// tests/browser/test_dashboard.py with the scenario as JSON in DASHBOARD_SCENARIO; prints one JSON
// line of results on stdout.
import { finishFlow, scenario, startFlow } from "./flow_support.mjs";

const flow = await startFlow("dashboard", {
  locale: scenario.lang === "en" ? "en-GB" : "nl-NL",
  timezoneId: "Europe/Amsterdam",
});
const { results, step, page } = flow;
page.on("console", (msg) => {
  if (msg.type() === "error" || msg.type() === "warning") results.console.push(`${msg.type()}: ${msg.text()}`);
});
page.on("pageerror", (error) => results.console.push(`pageerror: ${error.message}`));

async function listedIds() {
  return page.$$eval("#match-list li[data-match-id]", (items) => items.map((li) => li.dataset.matchId));
}

await finishFlow(flow, async () => {
  await page.goto(scenario.url, { waitUntil: "domcontentloaded" });
  await page.waitForSelector("body[data-ready='true']");

  // Sign in: the key dialog asks for the coordinator key and the language.
  await page.waitForSelector("#key-overlay:not([hidden])");
  await page.selectOption("#key-lang", scenario.lang);
  await page.fill("#key-input", scenario.key);
  await page.click("#key-form button[type=submit]");
  await page.waitForSelector("#key-overlay[hidden]", { state: "attached" });
  await page.waitForSelector("#match-list li[data-match-id]");
  const before = await listedIds();
  step("signed in", { listed: before.length });

  // Filter by region: the list is reloaded with region (and its sub-regions).
  const filtered = page.waitForResponse((r) => r.url().includes("/v1/matches?") && r.url().includes(`region=${scenario.region}`));
  await page.selectOption("#region-filter", scenario.region);
  await filtered;
  await page.waitForFunction(
    ({ want, hidden }) => {
      const ids = [...document.querySelectorAll("#match-list li[data-match-id]")].map((li) => li.dataset.matchId);
      return ids.includes(want) && !ids.includes(hidden);
    },
    { want: scenario.accept_match_id, hidden: scenario.hidden_match_id },
  );
  const after = await listedIds();
  results.filtered = { before, after };
  step("filtered by region", { region: scenario.region, listed: after.length });
  await page.waitForFunction(() => !document.querySelector("#graph-note").textContent.includes("…"));
  if (scenario.network_screenshot) await page.screenshot({ path: scenario.network_screenshot });

  // Open the match: explanation in the chosen language, evidence highlighted in the graph.
  await page.click(`#match-list li[data-match-id="${scenario.accept_match_id}"] button`);
  await page.waitForSelector("#detail .criteria li");
  await page.waitForSelector("#graph[data-highlighted]");
  results.detail = await page.evaluate(() => ({
    title: document.querySelector(".detail-title")?.textContent,
    criteria: [...document.querySelectorAll("#detail .criteria li")].map((li) => li.querySelector(".reason")?.textContent),
    evidence: [...document.querySelectorAll("#detail .chip")].map((chip) => chip.textContent),
    highlighted: document.querySelector("#graph").dataset.highlighted.split(" "),
    subjects: document.querySelector("#graph").dataset.subjects.split(" "),
  }));
  step("opened match", { highlighted: results.detail.highlighted.length });
  // The initiative's gap report: what it still lacks, and who the matcher proposes to fill it.
  await page.waitForSelector("#detail #gaps .gap", { timeout: 15000 });
  results.gaps = await page.evaluate(() =>
    [...document.querySelectorAll("#detail #gaps .gap")].map((gap) => ({
      initiative: gap.dataset.initiative,
      line: gap.querySelector("p")?.textContent,
      suggestions: [...gap.querySelectorAll(".suggestions li")].map((li) => ({ gap: li.dataset.gap, partner: li.dataset.partner })),
    })),
  );
  step("gaps shown", { gaps: results.gaps.length });

  // Accept it: the button posts feedback; the page reads the match back until it says accepted.
  await page.click("#accept");
  await page.waitForSelector("#feedback-state[data-feedback='accepted']");
  step("accepted");

  // Switch the language: the interface and the match's reasons follow.
  if (scenario.switch_lang) {
    await page.click(`[data-lang="${scenario.switch_lang}"]`);
    await page.waitForFunction((lang) => document.documentElement.lang === lang, scenario.switch_lang);
    results.switched = await page.evaluate(() => ({
      heading: document.querySelector("#live h2").textContent,
      reasons: document.querySelector("#detail .top-reasons").textContent,
      criteria: [...document.querySelectorAll("#detail .criteria .reason")].map((p) => p.textContent),
    }));
    step("switched language", { lang: scenario.switch_lang });
  }

  // Live panel: connected to the feed, then a new event in the registry gives a new match.
  if (scenario.live) {
    await page.waitForSelector("#feed-status[data-state='connected']");
    step("feed connected");
    const response = await fetch(`${scenario.live.registry_url}/v1/events:batch`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-API-Key": scenario.live.partner_key },
      body: JSON.stringify(scenario.live.events),
    });
    if (!response.ok) throw new Error(`registry refused the live event: ${response.status} ${await response.text()}`);
    step("event posted");
    await page.waitForFunction(
      (subject) =>
        [...document.querySelectorAll("#live-list li[data-match-id]")].some((li) => li.textContent.includes(subject)),
      scenario.live.expect_name,
      { timeout: scenario.live.timeout_ms ?? 60000 },
    );
    results.live = await page.$$eval("#live-list li[data-match-id]", (items) =>
      items.map((li) => ({ id: li.dataset.matchId, change: li.dataset.change, text: li.textContent })),
    );
    step("live match arrived", { items: results.live.length });
    // The event also refreshes the list: the new match is listed without reloading the page.
    const arrived = results.live.find((item) => item.text.includes(scenario.live.expect_name));
    await page.waitForSelector(`#match-list li[data-match-id="${arrived.id}"]`);
    step("listed live match", { id: arrived.id });
  } else {
    await page.waitForSelector("#feed-status[data-state='unavailable']");
    results.feed_message = await page.textContent("#feed-message");
    step("feed unavailable", { message: results.feed_message });
  }
  results.feed_state = await page.getAttribute("#feed-status", "data-state");

  await page.waitForSelector("#toast[hidden]", { state: "attached" });
  await page.waitForTimeout(300);
  await page.screenshot({ path: scenario.screenshot, fullPage: false });
  step("screenshot", { path: scenario.screenshot });
});
