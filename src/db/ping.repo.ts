import type { Db } from "./client.ts";

/** One round trip to Postgres, for readiness checks. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
