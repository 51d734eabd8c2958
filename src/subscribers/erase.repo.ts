import type { Db } from "../db/client.ts";
import { hashEmailAddress } from "./email-address.ts";

/**
 * Erases a subscriber on request (GDPR Art. 17): the subscriber row goes, and with it their
 * consent record, status history and delivery ledger rows (cascades). What stays is what the
 * suppression list needs: a hash of the address, in an `erasure` event and in the suppression
 * events they already had, now detached from any row. Returns false when the address is unknown.
 */
export async function eraseSubscriber(db: Db, address: string): Promise<{ isErased: boolean; subscriberId?: number }> {
  return db.$transaction(async (tx) => {
    const subscriber = await tx.subscriber.findUnique({ where: { email: address }, select: { id: true } });
    if (!subscriber) return { isErased: false };
    await tx.suppressionEvent.updateMany({ where: { subscriberId: subscriber.id }, data: { subscriberId: null } });
    await tx.suppressionEvent.create({ data: { emailHash: hashEmailAddress(address), kind: "erasure", detail: "erased on request" } });
    await tx.subscriber.delete({ where: { id: subscriber.id } });
    return { isErased: true, subscriberId: subscriber.id };
  });
}
