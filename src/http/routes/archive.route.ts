import type { FastifyInstance } from "fastify";
import { computeArchiveToday, computeLastPublished, isIsoDate } from "../../digest/archive-edition.ts";
import { findArchiveEntries, loadArchiveEditions } from "../../digest/archive.repo.ts";
import { Memo } from "../../digest/content-cache.ts";
import { InvalidInputError, NotFoundError } from "../../lib/errors.ts";
import { loadDigestTemplates } from "../../mail/digest-templates.io.ts";
import { createDigestRenderer } from "../../mail/digest-renderer.ts";
import type { AppDeps } from "../deps.ts";
import { buildEtag, sendCacheable, type CacheableResponse } from "../http-cache.ts";
import { renderArchiveEditionPage, renderArchivePage } from "../pages/archive-page.ts";
import { RATE_LIMITS } from "../rate-limits.ts";

const PAGE_SIZE = 60;
// The list gains an edition a day; an edition page never changes once published.
const LIST_MAX_AGE_SECONDS = 600;
const EDITION_MAX_AGE_SECONDS = 86_400;
// A year of editions at ~50 KB each stays well under 20 MB.
const MEMO_CAPACITY = 366;

// The email's own HTML: inline styles are its layout, and it runs no script.
const DIGEST_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const HTML = "text/html; charset=utf-8";

/** GET /archive and /archive/:date: the public editions, and each one's general list as the email shows it. */
export async function archiveRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const renderer = createDigestRenderer(await loadDigestTemplates());
  // Rendering (MJML) is the expensive part: once per edition per process. Only found editions are
  // kept (a failed computation is forgotten), so probing dates cannot fill the memo.
  const editionPages = new Memo<CacheableResponse>(MEMO_CAPACITY);

  app.get<{ Querystring: { before?: string } }>("/archive", { config: { rateLimit: RATE_LIMITS.pages } }, async (request, reply) => {
    const before = request.query.before;
    if (before !== undefined && !isIsoDate(before)) throw new InvalidInputError("That is not a date (YYYY-MM-DD).");
    const today = computeArchiveToday(deps.clock.now());
    const found = await findArchiveEntries(deps.db, { today, before, limit: PAGE_SIZE + 1 });
    const entries = found.slice(0, PAGE_SIZE);
    const olderPath = found.length > PAGE_SIZE ? `/archive?before=${entries.at(-1)!.date}` : null;
    const body = renderArchivePage({ entries, olderPath, isFirstPage: before === undefined });
    return sendCacheable(request, reply, {
      body,
      contentType: HTML,
      etag: buildEtag("archive", body),
      lastModified: computeLastPublished(entries),
      maxAgeSeconds: LIST_MAX_AGE_SECONDS,
    });
  });

  app.get<{ Params: { date: string } }>("/archive/:date", { config: { rateLimit: RATE_LIMITS.pages } }, async (request, reply) => {
    const date = request.params.date;
    const today = computeArchiveToday(deps.clock.now());
    // A date that is not public yet is as absent as one that never had an edition.
    if (!isIsoDate(date) || date > today) throw new NotFoundError("There is no edition for this date.");
    const page = await editionPages.get(date, async () => {
      const [edition] = await loadArchiveEditions(deps.db, { today, date, limit: 1 });
      if (!edition) throw new NotFoundError("There is no edition for this date.");
      const body = await renderArchiveEditionPage(edition, { renderer, publicUrl: deps.config.publicUrl, postalAddress: deps.config.postalAddress });
      return { body, contentType: HTML, etag: buildEtag(`edition-${edition.editionId}`, body), lastModified: edition.publishedAt, maxAgeSeconds: EDITION_MAX_AGE_SECONDS };
    });
    return sendCacheable(request, reply.header("content-security-policy", DIGEST_CSP), page);
  });
}
