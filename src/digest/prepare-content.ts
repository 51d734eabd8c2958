import type { AppConfig } from "../config/env.ts";
import type { DigestTemplates } from "../mail/digest-templates.io.ts";
import { renderDigest, type RenderedDigest } from "../mail/render-digest.ts";
import { buildMessageTemplate, type MessageTemplate } from "../mail/message-template.ts";
import type { PaperCard } from "../mail/digest-content.ts";
import type { EditionContext } from "./edition-context.ts";

export type ContentGroupRow = { id: number; contentKey: string; paperIds: number[]; topics: string[]; isFallback: boolean };

/**
 * A content group rendered and MIME-encoded once: per reader only the placeholders change. Only
 * the encoded templates are kept (a process holds many of these), not the rendered HTML.
 */
export type PreparedContent = { withHtml: MessageTemplate; textOnly: MessageTemplate };

/** The public id of a content group in "view in browser" links: its row id plus an unguessable key. */
export function buildDigestPublicId(group: { id: number; contentKey: string }): string {
  return `${group.id}-${group.contentKey}`;
}

/** Renders a content group (MJML once) for the browser view and for mail. */
export async function renderContentGroup(
  group: ContentGroupRow,
  edition: EditionContext,
  deps: { templates: DigestTemplates; config: AppConfig },
): Promise<RenderedDigest> {
  const papers = group.paperIds.map((id) => edition.cards.get(id)).filter((c): c is PaperCard => c !== undefined);
  return renderDigest(
    {
      editionDate: edition.date,
      papers,
      topics: group.topics,
      isFallback: group.isFallback,
      viewUrl: `${deps.config.publicUrl}/digests/${buildDigestPublicId(group)}`,
      archiveUrl: `${deps.config.publicUrl}/archive`,
      postalAddress: deps.config.postalAddress,
    },
    deps.templates,
  );
}

/** Renders and encodes a content group in both formats (HTML + text, and text only). */
export async function prepareContent(
  group: ContentGroupRow,
  edition: EditionContext,
  deps: { templates: DigestTemplates; config: AppConfig; staticHeaders: Readonly<Record<string, string>> },
): Promise<PreparedContent> {
  const rendered = await renderContentGroup(group, edition, deps);
  const base = { from: deps.config.mailFrom, subject: rendered.subject, text: rendered.text, headers: deps.staticHeaders };
  const [withHtml, textOnly] = await Promise.all([
    buildMessageTemplate({ ...base, html: rendered.html }),
    buildMessageTemplate({ ...base, html: undefined }),
  ]);
  return { withHtml, textOnly };
}
