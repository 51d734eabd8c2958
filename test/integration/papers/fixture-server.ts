import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");

/**
 * A real HTTP server on loopback answering like HF and arXiv from recorded fixtures. The first
 * path segment picks the behaviour, so each test points an importer's base URL at one of:
 * /ok, /broken (cut-off bodies), /error (arXiv's error feed), /flaky (500 on the first request
 * of each URL, then the fixture), /down (always 503), /hang (never answers: a timeout).
 */
export type FixtureServer = {
  url(mode: "ok" | "broken" | "error" | "flaky" | "down" | "hang"): string;
  /** Every request path with its query, in arrival order. */
  requests: string[];
  close(): Promise<void>;
};

export async function startFixtureServer(): Promise<FixtureServer> {
  const requests: string[] = [];
  const seen = new Set<string>();
  const server = createServer((req, res) => {
    requests.push(req.url ?? "");
    answer(req, res, seen).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (mode) => `${base}/${mode}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, seen: Set<string>): Promise<void> {
  const url = new URL(req.url ?? "/", "http://fixture");
  const [, mode, ...rest] = url.pathname.split("/");
  const route = rest.join("/");
  if (mode === "hang") return;
  if (mode === "down") return void res.writeHead(503).end("unavailable");
  if (mode === "flaky" && !seen.has(req.url ?? "")) {
    seen.add(req.url ?? "");
    return void res.writeHead(500).end("try again");
  }
  const file = pickFixture(mode ?? "", route, url.searchParams);
  if (!file) return void res.writeHead(404).end("no such fixture");
  const type = file.endsWith(".xml") ? "application/atom+xml; charset=utf-8" : "application/json; charset=utf-8";
  res.writeHead(200, { "content-type": type }).end(await readFile(path.join(FIXTURES, file)));
}

function pickFixture(mode: string, route: string, query: URLSearchParams): string | undefined {
  if (route === "api/daily_papers") {
    if (mode === "broken") return "hf-broken.json";
    return { "2026-07-02": "hf-2026-07-02.json", "2026-07-03": "hf-2026-07-03.json", "2026-07-04": "hf-2026-07-04-malformed.json" }[
      query.get("date") ?? ""
    ];
  }
  if (route === "api/query" && query.get("search_query") === "cat:cs.LG" && query.get("sortBy") === "submittedDate") {
    return { broken: "arxiv-broken.xml", error: "arxiv-error.xml" }[mode] ?? "arxiv-cs-lg.xml";
  }
  return undefined;
}
