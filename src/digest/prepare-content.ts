import type { AppConfig } from "../config/env.ts";
import type { DigestRenderer } from "../mail/digest-renderer.ts";
import type { RenderedDigest } from "../mail/compose-digest.ts";
import { buildMessageTemplate, type MessageTemplate } from "../mail/message-template.ts";
import type { PaperCard } from "../mail/digest-content.ts";
import type { EditionContext } from "./edition-context.ts";
import { Memo } from "./content-cache.ts";
import { metrics } from "../telemetry/metrics.ts";

export type ContentGroupRow = { id: number; contentKey: string; paperIds: number[]; topics: string[]; isFallback: boolean; ranking: "trending" | "momentum" };

/**
 * A content group rendered and MIME-encoded once: per reader only the placeholders change. Only
 * the encoded templates are kept (a process holds many of these), not the rendered HTML.
 */
export type PreparedContent = { withHtml: MessageTemplate; textOnly: MessageTemplate };

/** The public id of a content group in "view in browser" links: its row id plus an unguessable key. */
export function buildDigestPublicId(group: { id: number; contentKey: string }): string {
  return `${group.id}-${group.contentKey}`;
}

/** Renders a content group for the browser view and for mail. */
export async function renderContentGroup(
  group: ContentGroupRow,
  edition: EditionContext,
  deps: { renderer: DigestRenderer; config: AppConfig },
): Promise<RenderedDigest> {
  const papers = group.paperIds.map((id) => edition.cards.get(id)).filter((c): c is PaperCard => c !== undefined);
  return deps.renderer.render(
    {
      editionDate: edition.date,
      papers,
      topics: group.topics,
      isFallback: group.isFallback,
      ranking: group.ranking,
      viewUrl: `${deps.config.publicUrl}/digests/${buildDigestPublicId(group)}`,
      archiveUrl: `${deps.config.publicUrl}/archive`,
      postalAddress: deps.config.postalAddress,
    },
  );
}

/** A process's preparer: each content group prepared once, one at a time. */
export type ContentPreparer = {
  prepare(group: ContentGroupRow, edition: EditionContext, deps: Parameters<typeof prepareContent>[2]): Promise<PreparedContent>;
};

/**
 * Prepares each content group once per process (the last `kept` are remembered; batches are cut
 * by profile, so a process needs few at a time) and renders one at a time: MJML is CPU-bound,
 * and renders interleaving at its awaits cost about a third more CPU and hold several renders'
 * garbage at once (docs/benchmarks.md).
 */
export function createContentPreparer(kept: number): ContentPreparer {
  const memo = new Memo<PreparedContent>(kept);
  let previous: Promise<unknown> = Promise.resolve();
  return {
    prepare(group, edition, deps) {
      return memo.get(String(group.id), () => {
        const run = previous.then(() => prepareContent(group, edition, deps));
        previous = run.catch(() => undefined);
        return run;
      });
    },
  };
}

/** Renders and encodes a content group in both formats (HTML + text, and text only). */
export async function prepareContent(
  group: ContentGroupRow,
  edition: EditionContext,
  deps: { renderer: DigestRenderer; config: AppConfig; staticHeaders: Readonly<Record<string, string>> },
): Promise<PreparedContent> {
  const stopTimer = metrics.renderSeconds.startTimer();
  const rendered = await renderContentGroup(group, edition, deps);
  const base = { from: deps.config.mailFrom, subject: rendered.subject, text: rendered.text, headers: deps.staticHeaders };
  const [withHtml, textOnly] = await Promise.all([
    buildMessageTemplate({ ...base, html: rendered.html }),
    buildMessageTemplate({ ...base, html: undefined }),
  ]);
  stopTimer();
  return { withHtml, textOnly };
}
