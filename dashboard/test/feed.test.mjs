// Unit tests for the live feed's SSE parsing (node --test, no browser).
import assert from "node:assert/strict";
import { test } from "node:test";

import { SseParser, matchChange } from "../src/feed.js";

function parse(chunks) {
  const messages = [];
  const parser = new SseParser((m) => messages.push(m));
  for (const chunk of chunks) parser.push(chunk);
  return { messages, parser };
}

test("events split across chunks, CRLF and CR line ends, comments and multi-line data", () => {
  const { messages, parser } = parse([
    ": keep-alive\n\nid: 7\nevent: nl.livinglab.match.pro",
    'posed.v1\r\ndata: {"a":\r\ndata: 1}\r\n\r\n',
    "data: plain\r\rretry: 5000\n\n",
  ]);
  assert.deepEqual(messages, [
    { event: "nl.livinglab.match.proposed.v1", data: '{"a":\n1}', id: "7" },
    { event: "message", data: "plain", id: "7" },
  ]);
  assert.equal(parser.retry, 5000);
});

test("a field without a colon, and a space after the colon is dropped once", () => {
  const { messages } = parse(["data\ndata:  two spaces\n\n"]);
  assert.deepEqual(messages, [{ event: "message", data: "\n two spaces", id: null }]);
});

const snapshot = { match_id: "m-1", subject_ids: ["p-1", "i-1"], score: 0.7 };

test("the notifications service's message: {subscription_id, delivery_id, event: CloudEvent}", () => {
  const cloudEvent = { type: "nl.livinglab.match.updated.v1", id: "e-9", data: snapshot };
  const data = JSON.stringify({ subscription_id: "s-1", delivery_id: "d-1", event: cloudEvent });
  assert.deepEqual(matchChange({ event: "match.updated", data, id: "d-1" }), { change: "updated", match: snapshot, id: "d-1" });
  const { messages } = parse([": connected\n\n", `event: match.proposed\nid: d-2\ndata: ${data}\n\n`]);
  assert.equal(matchChange(messages[0]).change, "proposed");
});

test("a CloudEvent from the matches topic", () => {
  const data = JSON.stringify({ type: "nl.livinglab.match.withdrawn.v1", id: "e-1", data: snapshot });
  assert.deepEqual(matchChange({ event: "message", data, id: null }), { change: "withdrawn", match: snapshot, id: "e-1" });
});

test("a bare snapshot named by the SSE event, or a wrapper with match", () => {
  assert.equal(matchChange({ event: "match.updated", data: JSON.stringify(snapshot), id: "3" }).change, "updated");
  const wrapped = JSON.stringify({ change: "proposed", match: snapshot });
  assert.deepEqual(matchChange({ event: "message", data: wrapped, id: "4" }).match, snapshot);
});

test("pings and other messages carry no match", () => {
  assert.equal(matchChange({ event: "ping", data: "", id: null }), null);
  assert.equal(matchChange({ event: "hello", data: '{"subscriber": "x"}', id: null }), null);
});
