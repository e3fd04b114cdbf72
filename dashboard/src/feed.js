// The live feed: Server-Sent Events read with fetch (EventSource cannot send the X-API-Key header).
// The stream comes from the notifications service's GET /v1/feed through /dashboard/feed. Like
// EventSource it reconnects after a drop and resumes with Last-Event-ID; it never polls for data.

const MIN_RETRY_MS = 2000;
const MAX_RETRY_MS = 30000;

/**
 * Parses an SSE byte stream (text/event-stream, WHATWG HTML 9.2) into {event, data, id} messages.
 */
export class SseParser {
  constructor(onMessage) {
    this.onMessage = onMessage;
    this.buffer = "";
    this.reset();
    this.lastEventId = null;
    this.retry = null;
  }

  reset() {
    this.event = "";
    this.data = [];
  }

  push(text) {
    this.buffer += text;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop();
    for (const line of lines) this.line(line);
  }

  line(line) {
    if (line === "") {
      if (this.data.length) {
        this.onMessage({ event: this.event || "message", data: this.data.join("\n"), id: this.lastEventId });
      }
      this.reset();
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.event = value;
    else if (field === "data") this.data.push(value);
    else if (field === "id" && !value.includes("\0")) this.lastEventId = value;
    else if (field === "retry" && /^\d+$/.test(value)) this.retry = Number(value);
  }
}

/**
 * Turns one feed message into {change, match}, or null for messages that carry no match (pings).
 * The notifications service sends `event: match.<change>` with data {subscription_id,
 * delivery_id, event: the CloudEvent whose data is the match snapshot}; a bare CloudEvent, a
 * wrapper with `match`/`snapshot`, or a bare snapshot are read too.
 */
export function matchChange(message) {
  let body;
  try {
    body = JSON.parse(message.data);
  } catch {
    return null;
  }
  if (!body || typeof body !== "object") return null;
  const candidates = [body.event?.data, body.data, body.match, body.snapshot, body];
  const match = candidates.find((c) => c && typeof c === "object" && typeof c.match_id === "string");
  if (!match) return null;
  // The SSE event name first (match.proposed|updated|withdrawn), then the CloudEvent's type.
  const named = [message.event, body.event?.type, body.type, body.change]
    .map((x) => (typeof x === "string" ? /proposed|updated|withdrawn/.exec(x)?.[0] : null))
    .find(Boolean);
  const change = named ?? "proposed";
  return { change, match, id: message.id ?? body.delivery_id ?? body.id ?? null };
}

/**
 * Connects and stays connected until stop(). onState(state, detail) gets "connecting",
 * "connected" or "unavailable"; onChange({change, match}) gets each match event.
 */
export function connectFeed({ url, key, onState, onChange }) {
  let stopped = false;
  let controller = null;
  let lastEventId = null;
  let retryMs = MIN_RETRY_MS;

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function once() {
    onState("connecting");
    controller = new AbortController();
    const headers = { "X-API-Key": key, Accept: "text/event-stream" };
    if (lastEventId) headers["Last-Event-ID"] = lastEventId;
    const response = await fetch(url, { headers, signal: controller.signal, cache: "no-store" });
    const type = response.headers.get("content-type") ?? "";
    if (!response.ok || !type.startsWith("text/event-stream")) {
      const payload = await response.json().catch(() => null);
      const message = payload?.error?.message ?? `HTTP ${response.status}`;
      onState("unavailable", message);
      return response.status === 401 ? "stop" : "retry";
    }
    onState("connected");
    retryMs = MIN_RETRY_MS;
    const parser = new SseParser((message) => {
      if (message.id) lastEventId = message.id;
      const found = matchChange(message);
      if (found) onChange(found);
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(value);
    }
    if (parser.retry) retryMs = parser.retry;
    onState("connecting", "stream ended");
    return "retry";
  }

  (async () => {
    while (!stopped) {
      let next = "retry";
      try {
        next = await once();
      } catch (error) {
        if (stopped) return;
        onState("unavailable", error.message);
      }
      if (next === "stop") return;
      await sleep(retryMs);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  })();

  return {
    stop() {
      stopped = true;
      controller?.abort();
    },
  };
}
