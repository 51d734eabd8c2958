import { DateTime } from "luxon";
import type { ImportPapersPayload } from "../queue/jobs.ts";

/**
 * What one scheduled import firing fetches: Hugging Face's papers of today and yesterday (UTC;
 * yesterday's votes keep moving after its day ends) and the newest of each configured arXiv category.
 */
export function computeImportTargets(firedAt: Date, arxivCategories: readonly string[]): ImportPapersPayload[] {
  const today = DateTime.fromJSDate(firedAt, { zone: "utc" });
  return [
    { source: "huggingface", target: today.minus({ days: 1 }).toISODate()! },
    { source: "huggingface", target: today.toISODate()! },
    ...arxivCategories.map((category) => ({ source: "arxiv" as const, target: category })),
  ];
}

/**
 * The first UTC hour of the given UTC day at which any reader's local send hour falls, or null
 * when nobody is subscribed. An extra import runs half an hour before it, so the day's first
 * digests see the freshest list.
 */
export function computeEarliestSendHour(utcDay: string, readerHours: readonly { timezone: string; sendHour: number }[]): Date | null {
  let earliest: number | null = null;
  const dayStart = DateTime.fromISO(utcDay, { zone: "utc" });
  for (const { timezone, sendHour } of readerHours) {
    // The reader's send hour on the local dates that overlap this UTC day.
    for (const offset of [-1, 0, 1]) {
      const local = DateTime.fromObject({ year: dayStart.year, month: dayStart.month, day: dayStart.day, hour: sendHour }, { zone: timezone }).plus({ days: offset });
      if (!local.isValid) continue;
      // Slots are UTC hours: a zone offset by 30 or 45 minutes is served at the next full hour.
      const start = local.toUTC();
      const slot = start.minute === 0 ? start : start.startOf("hour").plus({ hours: 1 });
      if (slot.toISODate() === utcDay && (earliest === null || slot.toMillis() < earliest)) earliest = slot.toMillis();
    }
  }
  return earliest === null ? null : new Date(earliest);
}
