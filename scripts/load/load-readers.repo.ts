import type { Db } from "../../src/db/client.ts";
import { chunk } from "../../src/lib/chunk.ts";

const INSERT_CHUNK = 2000;

/** Every address a load run writes ends in this domain (RFC 2606 reserves .test), so none is real. */
export const LOAD_DOMAIN = "load.paperwire.test";

/**
 * Readers for the confirm and unsubscribe endpoints to act on: `count` pending (as if they had
 * just signed up) and `count` active ones. Returns their ids in insertion order.
 */
export async function insertLoadReaders(db: Db, runId: string, count: number): Promise<{ pendingIds: number[]; activeIds: number[] }> {
  const insert = async (status: "pending" | "active") => {
    const ids: number[] = [];
    const rows = Array.from({ length: count }, (_, i) => ({
      email: `seed-${status}-${runId}-${i}@${LOAD_DOMAIN}`,
      status,
      consentWording: "load-test",
      confirmedAt: status === "active" ? new Date() : null,
    }));
    for (const part of chunk(rows, INSERT_CHUNK)) {
      const created = await db.subscriber.createManyAndReturn({ data: part, select: { id: true } });
      ids.push(...created.map((row) => row.id));
    }
    return ids;
  };
  return { pendingIds: await insert("pending"), activeIds: await insert("active") };
}

/**
 * How the accepted signups landed: subscriber rows with those addresses, and `signup` status
 * changes of those rows. Each equals the number of distinct addresses when every signup was
 * recorded exactly once.
 */
export async function countSignupRecords(db: Db, emails: readonly string[]): Promise<{ subscribers: number; signupChanges: number }> {
  let subscribers = 0;
  let signupChanges = 0;
  for (const part of chunk([...emails], INSERT_CHUNK)) {
    subscribers += await db.subscriber.count({ where: { email: { in: part } } });
    signupChanges += await db.statusChange.count({ where: { reason: "signup", subscriber: { email: { in: part } } } });
  }
  return { subscribers, signupChanges };
}
