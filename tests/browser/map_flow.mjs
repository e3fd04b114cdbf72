// Drives the dashboard's map tab in Debian's headless Chromium through playwright-core: sign in,
// open the map, read the region tiles' counts, click a region and see the matches filtered on it;
// writes a screenshot. Run by tests/browser/test_dashboard_map.py with the scenario as JSON in
// DASHBOARD_SCENARIO; prints one JSON line of results on stdout.
import { finishFlow, scenario, startFlow } from "./flow_support.mjs";

const flow = await startFlow("map", { locale: "nl-NL" });
const { results, step, page } = flow;
page.on("pageerror", (error) => results.console.push(`pageerror: ${error.message}`));
page.on("console", (msg) => {
  if (msg.type() === "error") results.console.push(`error: ${msg.text()}`);
});

const tiles = () =>
  page.$$eval(".region-tile", (groups) =>
    Object.fromEntries(
      groups.map((g) => [
        g.dataset.region,
        {
          initiatives: Number(g.dataset.initiatives),
          gaps: Number(g.dataset.gaps),
          proposals: Number(g.dataset.proposals),
          shade: Number(g.dataset.shade),
          pressed: g.getAttribute("aria-pressed") === "true",
          text: g.textContent,
        },
      ]),
    ),
  );

await finishFlow(flow, async () => {
  await page.goto(scenario.url, { waitUntil: "domcontentloaded" });
  await page.waitForSelector("body[data-ready='true']");
  await page.waitForSelector("#key-overlay:not([hidden])");
  await page.fill("#key-input", scenario.key);
  await page.click("#key-form button[type=submit]");
  await page.waitForSelector("#key-overlay[hidden]", { state: "attached" });
  await page.waitForSelector("#match-list li[data-match-id]");
  step("signed in");

  // The map tab: tiles drawn at once, counts once every region has answered.
  await page.click("[data-view='map']");
  await page.waitForSelector("#region-map[data-state='loaded']");
  results.graph_hidden = await page.$eval("#graph", (el) => el.hidden);
  results.before = await tiles();
  results.note = await page.textContent("#region-map .map-note");
  step("map loaded", { tiles: Object.keys(results.before).length });

  // A click on the region filters the matches on it.
  const filtered = page.waitForResponse((r) => r.url().includes("/v1/matches?") && r.url().includes(`region=${scenario.region}`) && !/[?&]limit=1(&|$)/.test(r.url()));
  await page.click(`.region-tile[data-region='${scenario.region}']`);
  await filtered;
  await page.waitForFunction(() => !document.querySelector("#match-count")?.textContent.includes("…"));
  await page.waitForSelector(`.region-tile[data-region='${scenario.region}'][aria-pressed='true']`);
  results.region_filter = await page.$eval("#region-filter", (el) => el.value);
  results.listed = await page.$$eval("#match-list li[data-match-id]", (items) => items.map((li) => li.dataset.matchId));
  results.after = await tiles();
  step("region clicked", { region: results.region_filter, listed: results.listed.length });

  await page.waitForTimeout(300);
  await page.screenshot({ path: scenario.screenshot });
  step("screenshot", { path: scenario.screenshot });
});
