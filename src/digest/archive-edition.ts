import type { PaperCard } from "../mail/digest-content.ts";

/** How many papers of an edition's frozen general ranking the archive and the feeds show. */
export const ARCHIVE_PAPER_COUNT = 10;

/** One line of the archive list: a public edition and the title of its best paper. */
export type ArchiveEntry = { editionId: number; date: string; topTitle: string; publishedAt: Date };

/** A public edition with the cards of its first ARCHIVE_PAPER_COUNT papers, best first. */
export type ArchiveEdition = { editionId: number; date: string; publishedAt: Date; papers: PaperCard[] };

// UTC+14 (Line Islands) is the first zone to reach a date: an edition may already be in some
// reader's inbox from then on, so that is when it becomes public.
const FIRST_ZONE_OFFSET_MS = 14 * 3_600_000;

/** The newest edition date anyone may read at `now`: the date in the first time zone to reach it. */
export function computeArchiveToday(now: Date): string {
  return new Date(now.getTime() + FIRST_ZONE_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * When an edition became public: when its date began in the first time zone, or when it was
 * created if that was later. Feeds and Last-Modified use it, so an edition planned ahead of its
 * date (`digest send --date`) does not look older than it is.
 */
export function computePublishedAt(date: string, createdAt: Date): Date {
  const dateStarts = new Date(`${date}T00:00:00Z`).getTime() - FIRST_ZONE_OFFSET_MS;
  return new Date(Math.max(dateStarts, createdAt.getTime()));
}

/** The latest publication among the editions (a page's Last-Modified); undefined for none. */
export function computeLastPublished(editions: readonly { publishedAt: Date }[]): Date | undefined {
  const times = editions.map((e) => e.publishedAt.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : undefined;
}

/** True for a real calendar date written YYYY-MM-DD ("2026-02-30" is not one). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** "Tue, Nov 24, 2026", the way the email's heading writes an edition's date. */
export function formatEditionDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString("en-US", { timeZone: "UTC", weekday: "short", month: "short", day: "numeric", year: "numeric" });
}
