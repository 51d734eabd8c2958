import type { Db } from "../db/client.ts";
import type { ConfirmationRequest } from "./signup.repo.ts";

/**
 * Confirmation requests of the last hours that may still be waiting for their email: readers
 * still pending (or unsubscribed and asking again) whose request time is recent. Re-adding their
 * jobs is a no-op when the job exists (its id is the request), so the sweep only sends what a web
 * process lost by dying between its commit and its enqueue.
 */
export async function findRecentConfirmationRequests(db: Db, since: Date): Promise<ConfirmationRequest[]> {
  const rows = await db.subscriber.findMany({
    where: { status: { in: ["pending", "unsubscribed"] }, confirmationSentAt: { gte: since } },
    select: { id: true, confirmationSentAt: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({ subscriberId: r.id, requestedAt: r.confirmationSentAt! }));
}
