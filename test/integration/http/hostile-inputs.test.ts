import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InjectOptions } from "fastify";
import { signToken } from "../../../src/subscribers/tokens.ts";
import { buildReaderPath } from "../../../src/subscribers/links.ts";
import { makeSubscriber, snapshotDatabase, startTestApp, type TestApp } from "./app-harness.ts";

let t: TestApp;
let active: { id: number };
let pending: { id: number };

beforeAll(async () => {
  t = await startTestApp();
  active = await makeSubscriber(t.db, { email: "known@example.org" });
  pending = await makeSubscriber(t.db, { status: "pending", confirmedAt: null, confirmationSentAt: new Date() });
});
afterAll(async () => {
  await t?.close();
});

const JSON_TYPE = { "content-type": "application/json" };
const FORM_TYPE = { "content-type": "application/x-www-form-urlencoded" };
const json = (body: unknown) => ({ headers: JSON_TYPE, payload: JSON.stringify(body) });
const form = (body: string) => ({ headers: FORM_TYPE, payload: body });
const subscribe = (request: Partial<InjectOptions>): InjectOptions => ({ method: "POST", url: "/subscribe", ...request });
const email = (value: unknown) => subscribe(json({ email: value }));

// Tokens are built when a case runs, once the subscribers exist.
const token = (purpose: "confirm" | "unsubscribe" | "preferences", subscriberId: () => number, expiresAt?: Date) => () =>
  signToken(t.config.appSecret, { purpose, subscriberId: subscriberId(), expiresAt });
const activeId = () => active.id;
const pendingId = () => pending.id;
const unsubscribeOf = (id: () => number) => () => buildReaderPath(t.config, "unsubscribe", id(), t.clock).split("=")[1]!;

type Case = [name: string, request: () => InjectOptions, status: number, message: RegExp];

const NOT_VALID = /This link is not valid/;
const cases: Case[] = [
  // Addresses
  ["missing email", () => subscribe(json({})), 400, /enter your email/],
  ["empty email", () => email(""), 400, /enter your email/],
  ["email without @", () => email("reader.example.org"), 400, /like name@example.org/],
  ["two @", () => email("a@b@example.org"), 400, /like name@example.org/],
  ["local part of 65", () => email(`${"a".repeat(65)}@example.org`), 400, /at most 64/],
  ["address of 255", () => email(`${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(58)}.org`), 400, /at most 254/],
  ["label of 64", () => email(`a@${"b".repeat(64)}.org`), 400, /valid domain/],
  ["CRLF + Bcc injection (JSON)", () => email("a@example.org\r\nBcc: victim@example.org"), 400, /line breaks/],
  ["CRLF injection (form, encoded)", () => subscribe(form("email=a%40example.org%0D%0ABcc%3A+v%40example.org")), 400, /line breaks/],
  ["NUL byte", () => email("a\u0000@example.org"), 400, /control/],
  ["zero-width space", () => email("a\u200b@example.org"), 400, /invisible/],
  ["right-to-left override", () => email("gro.elpmaxe@\u202ea"), 400, /invisible/],
  ["Cyrillic homoglyph in local part", () => email("\u0430dmin@example.org"), 400, /letters A-Z/],
  ["full-width @", () => email("a＠example.org"), 400, /like name@example.org/],
  ["IP literal", () => email("a@[127.0.0.1]"), 400, /valid domain/],
  ["dotless domain", () => email("root@localhost"), 400, /valid domain/],
  ["quoted local part", () => email('"a b"@example.org'), 400, /spaces/],
  ["email as a list (repeated form field)", () => subscribe(form("email=a%40example.org&email=b%40example.org")), 400, /enter your email/],
  ["email as a number", () => email(42), 400, /enter your email/],
  ["email of 5000 characters", () => email(`${"a".repeat(5000)}@example.org`), 400, /at most 254/],
  // Other fields
  ["eleven topics", () => subscribe(json({ email: "a@example.org", topics: Array.from({ length: 11 }, (_, i) => `t${i}`) })), 400, /At most 10 topics/],
  ["topic of 41 characters", () => subscribe(json({ email: "a@example.org", topics: ["x".repeat(41)] })), 400, /at most 40/],
  ["markup in a topic", () => subscribe(form("email=a%40example.org&topics=%3Cscript%3E")), 400, /Topics can use/],
  ["CRLF in a topic", () => subscribe(json({ email: "a@example.org", topics: ["a\r\nb"] })), 400, /Line breaks/],
  ["unknown time zone", () => subscribe(json({ email: "a@example.org", timezone: "Mars/Olympus_Mons" })), 400, /time zone from the list/],
  ["fixed offset as time zone", () => subscribe(json({ email: "a@example.org", timezone: "+05:00" })), 400, /time zone from the list/],
  ["hour 24", () => subscribe(json({ email: "a@example.org", sendHour: 24 })), 400, /0 to 23/],
  ["hour -1", () => subscribe(form("email=a%40example.org&sendHour=-1")), 400, /whole number/],
  ["frequency hourly", () => subscribe(json({ email: "a@example.org", frequency: "hourly" })), 400, /daily or weekly/],
  ["smuggled status field", () => subscribe(json({ email: "a@example.org", status: "active" })), 400, /Unknown field: status/],
  ["__proto__ pollution", () => subscribe({ headers: JSON_TYPE, payload: '{"email":"a@example.org","__proto__":{"isAdmin":true}}' }), 400, /could not be read/],
  ["JSON array body", () => subscribe(json(["a@example.org"])), 400, /Expected a form or a JSON object/],
  // Bodies and content types
  ["oversized form", () => subscribe(form(`email=a%40example.org&topics=${"a".repeat(20_000)}`)), 413, /too large/],
  ["oversized JSON", () => subscribe(json({ email: "a@example.org", topics: "a".repeat(20_000) })), 413, /too large/],
  ["malformed JSON", () => subscribe({ headers: JSON_TYPE, payload: '{"email": "a@example.org",' }), 400, /could not be read/],
  ["text/plain", () => subscribe({ headers: { "content-type": "text/plain" }, payload: "email=a@example.org" }), 415, /not accepted here/],
  ["application/xml", () => subscribe({ headers: { "content-type": "application/xml" }, payload: "<email>a@example.org</email>" }), 415, /not accepted here/],
  ["multipart to /subscribe", () => subscribe({ headers: { "content-type": "multipart/form-data; boundary=x" }, payload: "--x--" }), 415, /not accepted here/],
  ["no body and no type", () => subscribe({}), 415, /not accepted here/],
  ["text/plain one-click", () => ({ method: "POST", url: `/unsubscribe?token=${unsubscribeOf(activeId)()}`, headers: { "content-type": "text/plain" }, payload: "List-Unsubscribe=One-Click" }), 415, /not accepted here/],
  // Tokens of every kind
  ["confirm without a token", () => ({ method: "GET", url: "/confirm" }), 400, NOT_VALID],
  ["forged confirm token", () => ({ method: "POST", url: `/confirm?token=${token("confirm", pendingId)().slice(0, -4)}AAAA` }), 400, NOT_VALID],
  ["truncated confirm token", () => ({ method: "POST", url: `/confirm?token=${token("confirm", pendingId)().slice(0, -6)}` }), 400, NOT_VALID],
  ["expired confirm token", () => ({ method: "POST", url: `/confirm?token=${token("confirm", pendingId, new Date(Date.now() - 60_000))()}` }), 400, /expired/],
  ["unsubscribe token used to confirm", () => ({ method: "POST", url: `/confirm?token=${token("unsubscribe", pendingId)()}` }), 400, NOT_VALID],
  ["confirm token used to unsubscribe", () => ({ method: "POST", url: `/unsubscribe?token=${token("confirm", activeId)()}`, ...form("List-Unsubscribe=One-Click") }), 400, NOT_VALID],
  ["preferences token used to unsubscribe", () => ({ method: "POST", url: `/unsubscribe?token=${token("preferences", activeId)()}`, ...form("List-Unsubscribe=One-Click") }), 400, NOT_VALID],
  ["unsubscribe token used to resubscribe", () => ({ method: "POST", url: `/resubscribe?token=${unsubscribeOf(activeId)()}` }), 400, NOT_VALID],
  ["forged unsubscribe token for another id", () => ({ method: "POST", url: `/unsubscribe?token=${unsubscribeOf(activeId)().replace(/^1\.u\.[0-9a-z]+\./, "1.u.zz.")}` }), 400, NOT_VALID],
  ["two tokens", () => ({ method: "GET", url: `/unsubscribe?token=${unsubscribeOf(activeId)()}&token=x` }), 400, NOT_VALID],
  ["token with markup", () => ({ method: "GET", url: "/preferences?token=%3Cscript%3Ealert(1)%3C%2Fscript%3E" }), 400, NOT_VALID],
  ["token of 10 kB", () => ({ method: "GET", url: `/preferences?token=${"a".repeat(10_000)}` }), 400, NOT_VALID],
  ["validly signed, unknown subscriber (unsubscribe)", () => ({ method: "POST", url: `/unsubscribe?token=${unsubscribeOf(() => 999_999)()}`, ...form("List-Unsubscribe=One-Click") }), 404, /couldn't find this subscription/],
  ["validly signed, unknown subscriber (confirm)", () => ({ method: "POST", url: `/confirm?token=${token("confirm", () => 999_999, new Date(Date.now() + 3_600_000))()}` }), 404, /couldn't find this subscription/],
  ["forged preferences token", () => ({ method: "POST", url: `/preferences?token=${token("preferences", activeId)().slice(0, -2)}xx`, ...form("papersPerEmail=5") }), 400, NOT_VALID],
  // Preferences with a valid token but bad values
  ["51 papers per email", () => ({ method: "POST", url: `/preferences?token=${token("preferences", activeId)()}`, ...form("papersPerEmail=51") }), 400, /1 to 50/],
  ["CRLF in preference topics", () => ({ method: "POST", url: `/preferences?token=${token("preferences", activeId)()}`, ...form("topics=a%0D%0Ab") }), 400, /Line breaks/],
  ["February 30th pause", () => ({ method: "POST", url: `/preferences?token=${token("preferences", activeId)()}`, ...form("pausedUntil=2027-02-30") }), 400, /real date/],
  ["weekday 9", () => ({ method: "POST", url: `/preferences?token=${token("preferences", activeId)()}`, ...json({ weeklyDay: 9 }) }), 400, /1 to 7/],
  ["unknown route", () => ({ method: "GET", url: "/admin" }), 404, /no page at this address/],
];

/** What a reader would read: the JSON message, or the page text with entities decoded. */
function readMessage(contentType: string, body: string): string {
  if (contentType.includes("json")) return (JSON.parse(body) as { error: { message: string } }).error.message;
  return body.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

describe("hostile input", () => {
  it("has at least 40 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map(([name, request, status, message], i) => ({ name, request, status, message, i })))("$name → $status", async ({ request, status, message, i }) => {
    const before = await snapshotDatabase(t.db);
    const jobsBefore = await t.queues.transactional.count();
    const response = await t.app.inject({ ...request(), remoteAddress: `10.1.${Math.floor(i / 200)}.${(i % 200) + 1}` });
    expect(response.statusCode).toBe(status);
    expect(readMessage(String(response.headers["content-type"]), response.body)).toMatch(message);
    expect(response.body).not.toMatch(/at .+\.ts:\d+/);
    expect(await snapshotDatabase(t.db)).toEqual(before);
    expect(await t.queues.transactional.count()).toBe(jobsBefore);
  });

  it("answers JSON to a client that asks for it, with the code and the request id", async () => {
    const response = await t.app.inject({ method: "POST", url: `/confirm?token=${token("confirm", pendingId, new Date(Date.now() - 60_000))()}`, headers: { accept: "application/json" } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: "TOKEN_EXPIRED", message: expect.stringMatching(/expired/), requestId: expect.any(String) } });
  });
});
