import type { Db } from "../db/client.ts";

/** The distinct (time zone, send hour) pairs of active readers: a few hundred rows at most. */
export async function findActiveReaderHours(db: Db): Promise<{ timezone: string; sendHour: number }[]> {
  const rows = await db.subscriber.findMany({ where: { status: "active" }, distinct: ["timezone", "sendHour"], select: { timezone: true, sendHour: true } });
  return rows;
}
