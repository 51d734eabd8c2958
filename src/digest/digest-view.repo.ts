import type { AppConfig } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import { READER_PLACEHOLDERS } from "../mail/digest-content.ts";
import type { DigestRenderer } from "../mail/digest-renderer.ts";
import { escapeHtml } from "../mail/fill-template.ts";
import { loadEditionRanking } from "./edition.repo.ts";
import { buildEditionContext } from "./edition-context.ts";
import { renderContentGroup } from "./prepare-content.ts";

/**
 * The "view in browser" page of a content group: the same rendering as the email, with the
 * reader's own links (which carry tokens) replaced by the public home page. Null when the id is
 * unknown or its key does not match.
 */
export async function loadDigestView(db: Db, publicId: string, deps: { config: AppConfig; renderer: DigestRenderer }): Promise<string | null> {
  const match = /^(\d{1,10})-([A-Za-z0-9_-]{22})$/.exec(publicId);
  if (!match) return null;
  const group = await db.contentGroup.findFirst({ where: { id: Number(match[1]), contentKey: match[2]! } });
  if (!group) return null;
  const ranking = await loadEditionRanking(db, { id: group.editionId });
  if (!ranking) return null;
  const rendered = await renderContentGroup(group, await buildEditionContext(db, ranking), deps);
  const home = escapeHtml(`${deps.config.publicUrl}/`);
  return rendered.html.replaceAll(READER_PLACEHOLDERS.unsubscribeUrl, home).replaceAll(READER_PLACEHOLDERS.preferencesUrl, home);
}
