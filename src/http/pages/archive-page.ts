import { formatEditionDate, type ArchiveEdition, type ArchiveEntry } from "../../digest/archive-edition.ts";
import { READER_PLACEHOLDERS } from "../../mail/digest-content.ts";
import type { DigestRenderer } from "../../mail/digest-renderer.ts";
import { escapeHtml } from "../../mail/fill-template.ts";
import { html, type SafeHtml } from "./html.ts";
import { FEED_LINKS, renderPage } from "./layout.ts";

/** GET /archive: the public editions, newest first, with a link to older ones when there are more. */
export function renderArchivePage(view: { entries: readonly ArchiveEntry[]; olderPath: string | null; isFirstPage: boolean }): string {
  const items = view.entries.map(
    (entry) => html`<li><a href="/archive/${entry.date}"><time datetime="${entry.date}">${formatEditionDate(entry.date)}</time></a><span class="top">${entry.topTitle}</span></li>`,
  );
  return renderPage({
    title: "Past editions",
    isIndexable: true,
    hasFeedLinks: true,
    main: html`
<h1>Past editions</h1>
<p class="lead">Each day's general list: the ten papers the community is upvoting most, before any reader's topics narrow it.</p>
<p class="muted">Follow it in a feed reader (<a href="/feed.xml">RSS</a>, <a href="/feed.json">JSON Feed</a>) or <a href="/">get it by email</a>.</p>
${items.length > 0 ? html`<ol class="editions">${items}</ol>` : html`<p>${view.isFirstPage ? "No edition has been published yet." : "There are no older editions."}</p>`}
${view.olderPath ? html`<p><a href="${view.olderPath}" rel="next">Older editions</a></p>` : null}`,
  });
}

/**
 * GET /archive/:date: the edition's general list rendered exactly as the email, under a bar that
 * says so and leads back to the archive. The reader's own links (unsubscribe, preferences) have
 * no reader here, so they lead to the signup page.
 */
export async function renderArchiveEditionPage(
  edition: ArchiveEdition,
  deps: { renderer: DigestRenderer; publicUrl: string; postalAddress: string },
): Promise<string> {
  const rendered = await deps.renderer.render(
    {
      editionDate: edition.date,
      papers: edition.papers,
      topics: [],
      isFallback: false,
      ranking: "trending",
      viewUrl: `${deps.publicUrl}/archive/${edition.date}`,
      archiveUrl: `${deps.publicUrl}/archive`,
      postalAddress: deps.postalAddress,
    },
  );
  const home = escapeHtml(`${deps.publicUrl}/`);
  const page = rendered.html.replaceAll(READER_PLACEHOLDERS.unsubscribeUrl, home).replaceAll(READER_PLACEHOLDERS.preferencesUrl, home);
  // MJML always writes a head and a body tag: feed links end the one, the bar starts the other.
  return page
    .replace("</head>", () => `${FEED_LINKS.markup}\n</head>`)
    .replace(/<body[^>]*>/, (body) => body + renderArchiveBar(edition.date).markup);
}

// Styled inline like the email around it: this page carries the email's CSP, not the site's stylesheet.
function renderArchiveBar(date: string): SafeHtml {
  return html`<div style="max-width:592px;margin:0 auto;padding:16px 24px 0;font:14px/1.5 -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#4b5563">
<a href="/archive" style="color:#4338ca;font-weight:600;text-decoration:none">← All editions</a> · The email of ${formatEditionDate(date)} · <a href="/" style="color:#4338ca;font-weight:600;text-decoration:none">Subscribe</a>
</div>`;
}
