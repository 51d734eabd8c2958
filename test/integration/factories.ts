import { randomBytes } from "node:crypto";
import type { Db } from "../../src/db/client.ts";

type SubscriberOverrides = Partial<{
  email: string; status: "pending" | "active" | "unsubscribed" | "bounced" | "complained"; topics: string[];
  timezone: string; sendHour: number; frequency: "daily" | "weekly"; weeklyDay: number | null;
  papersPerEmail: number; format: "html" | "text"; pausedUntil: Date | null; missedDays: "skip" | "catch_up";
  ranking: "trending" | "momentum";
}>;

/** An active, confirmed reader with sensible defaults; override what the test is about. */
export async function makeSubscriber(db: Db, overrides: SubscriberOverrides = {}) {
  return db.subscriber.create({
    data: {
      email: `reader-${randomBytes(5).toString("hex")}@example.org`,
      status: "active",
      timezone: "UTC",
      sendHour: 8,
      consentWording: "test",
      confirmedAt: new Date("2026-01-01T00:00:00Z"),
      ...overrides,
    },
  });
}

/** A paper and the days it trended on, each with its own rank. */
export async function makePaper(
  db: Db,
  paper: { title: string; abstract?: string; authors?: string[]; arxivId?: string; trends: { day: string; rank: number; upvotes?: number | null }[] },
) {
  return db.paper.create({
    data: {
      title: paper.title,
      titleKey: paper.title.toLowerCase().replace(/\s+/g, " ").trim(),
      abstract: paper.abstract ?? `An abstract about ${paper.title}.`,
      authors: paper.authors ?? ["Ada Lovelace", "Alan Turing"],
      arxivId: paper.arxivId ?? null,
      source: "seed",
      pageUrl: paper.arxivId ? `https://huggingface.co/papers/${paper.arxivId}` : null,
      pdfUrl: paper.arxivId ? `https://arxiv.org/pdf/${paper.arxivId}` : null,
      trends: { create: paper.trends.map((t) => ({ day: new Date(`${t.day}T00:00:00Z`), rank: t.rank, upvotes: t.upvotes ?? null, source: "seed" as const })) },
    },
  });
}
