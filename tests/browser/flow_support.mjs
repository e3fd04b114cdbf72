// What every dashboard flow (dashboard_flow.mjs, map_flow.mjs, labelling_flow.mjs) does around its
// own steps: read the scenario the Python runner (flows.py) passes as JSON in DASHBOARD_SCENARIO,
// start Debian's headless Chromium through playwright-core (which never downloads a browser), note
// every request that leaves the service, and print the results as one JSON line on stdout.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(new URL("../../dashboard/package.json", import.meta.url));
const { chromium } = require("playwright-core");

export const scenario = JSON.parse(process.env.DASHBOARD_SCENARIO);

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

// Starts the browser for one flow, whose steps are logged to stderr under `tag` as they happen.
// Returns the results to fill in, `step` to record a step, and the page and browser context.
export async function startFlow(tag, { viewport = { width: 1440, height: 900 }, locale, timezoneId }) {
  const results = { steps: [], console: [], foreign_requests: [] };
  const step = (name, detail = {}) => {
    results.steps.push({ name, at: Date.now(), ...detail });
    process.stderr.write(`[${tag}] ${name} ${JSON.stringify(detail)}\n`);
  };
  // A fresh profile each run: no key or language remembered from an earlier run.
  const profile = mkdtempSync(join(tmpdir(), "livinglab-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: scenario.chromium ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor: 1,
    locale,
    timezoneId,
  });
  context.setDefaultTimeout(scenario.timeout_ms ?? 30000);

  // Everything the page loads must come from the matching service: no CDN, no internet.
  const origin = new URL(scenario.url).origin;
  context.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) {
      results.foreign_requests.push(url);
    }
  });

  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { results, step, page, context, close };
}

// Runs the flow's steps and ends the process: the results as one JSON line on stdout, exit code 1
// when a step failed (with a screenshot of the page as it was then, next to the flow's own).
export async function finishFlow({ results, page, close }, steps) {
  try {
    await steps();
    results.ok = true;
  } catch (error) {
    results.ok = false;
    results.error = String(error?.stack ?? error);
    try {
      await page.screenshot({ path: scenario.screenshot.replace(/\.png$/, "-failure.png") });
    } catch {
      // the page may be gone
    }
  } finally {
    await close();
  }
  process.stdout.write(JSON.stringify(results) + "\n");
  process.exit(results.ok ? 0 : 1);
}
