import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import type { Db } from "../../src/db/client.ts";
import { signToken } from "../../src/subscribers/tokens.ts";
import { insertLoadReaders, LOAD_DOMAIN } from "./load-readers.repo.ts";

type LoadOptions = {
  /** Where the web process listens, e.g. http://127.0.0.1:3000; it must trust one proxy hop (TRUST_PROXY=1). */
  baseUrl: string;
  /** The web process's database, for the readers that confirmations and unsubscribes act on. */
  db: Db;
  /** The web process's APP_SECRET, to sign their links. */
  appSecret: string;
  /** Requests per second sent to each endpoint. */
  rate: number;
  durationSeconds: number;
  /** Connections per endpoint. */
  connections: number;
};

type EndpointResult = {
  name: string;
  responses: number;
  /** Responses per second over the run. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses by status code. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts: requests that got no response at all. */
  errors: number;
};

export type LoadOutcome = { endpoints: EndpointResult[]; acceptedSignups: string[]; readersPerEndpoint: number };

type SignupContext = { email?: string };

// A function, not a shared object: autocannon writes Content-Length into the headers it is given.
const formHeaders = (extra: Record<string, string> = {}) => ({ "content-type": "application/x-www-form-urlencoded", accept: "text/html", ...extra });

/**
 * Runs signups, confirmations and one-click unsubscribes side by side, each at `rate` requests
 * per second for `durationSeconds`, the way browsers and mailbox providers send them (forms,
 * HTML answers). Each request comes from its own X-Forwarded-For address, as from many readers
 * behind a proxy, so the per-IP limits do not turn the run into 429s; every signup uses a new
 * address. Returns per-endpoint figures and the addresses whose signup was accepted (200).
 */
export async function runLoadScenario(options: LoadOptions): Promise<LoadOutcome> {
  const runId = randomBytes(4).toString("hex");
  // Enough readers that no confirmation or unsubscribe repeats, even with some overshoot.
  const readersPerEndpoint = Math.ceil(options.rate * options.durationSeconds * 1.2) + options.connections;
  const { pendingIds, activeIds } = await insertLoadReaders(options.db, runId, readersPerEndpoint);
  const confirmPaths = pendingIds.map((id) => `/confirm?token=${signToken(options.appSecret, { purpose: "confirm", subscriberId: id, expiresAt: new Date(Date.now() + 86_400_000) })}`);
  const unsubscribePaths = activeIds.map((id) => `/unsubscribe?token=${signToken(options.appSecret, { purpose: "unsubscribe", subscriberId: id, expiresAt: undefined })}`);

  let sequence = 0;
  // A distinct client address per request, from 10.0.0.0/8.
  const nextClientIp = () => {
    sequence += 1;
    return `10.${(sequence >> 16) & 255}.${(sequence >> 8) & 255}.${sequence & 255}`;
  };
  const acceptedSignups: string[] = [];
  let signupCount = 0;
  let confirmCount = 0;
  let unsubscribeCount = 0;

  const run = (name: string, request: autocannon.Request) =>
    autocannon({
      url: options.baseUrl,
      connections: options.connections,
      overallRate: options.rate,
      duration: options.durationSeconds,
      // autocannon 9 corrects for coordinated omission with an expected interval of ⌈1 / rate⌉
      // ms, rate being requests per second: 1 ms, so each response adds a made-up sample for
      // every millisecond below it. Raw response times it is; the achieved rate shows any backlog.
      ignoreCoordinatedOmission: true,
      requests: [request],
    }).then(
      (result) => summarise(name, result),
    );

  const endpoints = await Promise.all([
    run("POST /subscribe", {
      method: "POST",
      path: "/subscribe",
      setupRequest: (request, context) => {
        const email = `signup-${runId}-${(signupCount += 1)}@${LOAD_DOMAIN}`;
        (context as SignupContext).email = email;
        const body = new URLSearchParams({ email, timezone: "Europe/Berlin", sendHour: "7" }).toString();
        return { ...request, headers: formHeaders({ "x-forwarded-for": nextClientIp() }), body };
      },
      // One request in flight per connection, so the context still names this response's address.
      onResponse: (status, _body, context) => {
        const { email } = context as SignupContext;
        if (status === 200 && email) acceptedSignups.push(email);
      },
    }),
    run("POST /confirm", {
      method: "POST",
      setupRequest: (request) => ({
        ...request,
        path: confirmPaths[confirmCount++ % confirmPaths.length]!,
        headers: formHeaders({ "x-forwarded-for": nextClientIp() }),
        body: "",
      }),
    }),
    run("POST /unsubscribe (one-click)", {
      method: "POST",
      // RFC 8058: what a mailbox provider posts; it comes from the provider, not the reader.
      setupRequest: (request) => ({ ...request, path: unsubscribePaths[unsubscribeCount++ % unsubscribePaths.length]!, headers: formHeaders(), body: "List-Unsubscribe=One-Click" }),
    }),
  ]);
  return { endpoints, acceptedSignups, readersPerEndpoint };
}

function summarise(name: string, result: autocannon.Result): EndpointResult {
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]));
  const responses = Object.values(statuses).reduce((sum, n) => sum + n, 0);
  return {
    name,
    responses,
    throughput: responses / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    statuses,
    errors: result.errors,
  };
}
