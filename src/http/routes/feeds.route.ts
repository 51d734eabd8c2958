import type { FastifyInstance } from "fastify";
import { computeArchiveToday, computeLastPublished } from "../../digest/archive-edition.ts";
import { findArchiveEntries, loadArchiveEditions } from "../../digest/archive.repo.ts";
import { Memo } from "../../digest/content-cache.ts";
import type { AppDeps } from "../deps.ts";
import { buildJsonFeed, buildRssFeed } from "../edition-feeds.ts";
import { buildEtag, sendCacheable, type CacheableResponse } from "../http-cache.ts";
import { RATE_LIMITS } from "../rate-limits.ts";

const FEED_SIZE = 30;
// Feed readers poll; a new edition appears once a day.
const MAX_AGE_SECONDS = 600;

type Feeds = { rss: CacheableResponse; json: CacheableResponse };

/** GET /feed.xml (RSS 2.0) and /feed.json (JSON Feed 1.1): the latest general editions. */
export function feedsRoutes(app: FastifyInstance, deps: AppDeps): void {
  // Keyed by which editions are public, so a poll costs one small query until a new one appears.
  const built = new Memo<Feeds>(4);
  const loadFeeds = async (): Promise<Feeds> => {
    const today = computeArchiveToday(deps.clock.now());
    const entries = await findArchiveEntries(deps.db, { today, limit: FEED_SIZE });
    return built.get(entries.map((e) => e.editionId).join(","), async () => {
      const editions = await loadArchiveEditions(deps.db, { today, limit: FEED_SIZE });
      const common = { lastModified: computeLastPublished(editions), maxAgeSeconds: MAX_AGE_SECONDS };
      const rss = buildRssFeed(editions, deps.config.publicUrl);
      const json = buildJsonFeed(editions, deps.config.publicUrl);
      return {
        rss: { ...common, body: rss, contentType: "application/rss+xml; charset=utf-8", etag: buildEtag("rss", rss) },
        json: { ...common, body: json, contentType: "application/feed+json; charset=utf-8", etag: buildEtag("json", json) },
      };
    });
  };

  app.get("/feed.xml", { config: { rateLimit: RATE_LIMITS.pages } }, async (request, reply) => sendCacheable(request, reply, (await loadFeeds()).rss));
  app.get("/feed.json", { config: { rateLimit: RATE_LIMITS.pages } }, async (request, reply) => sendCacheable(request, reply, (await loadFeeds()).json));
}
