-- Measured with `npm run bench` (100,000 readers; docs/benchmarks.md): a delivery row is updated
-- twice after its insert (the wave's claim, then the outcome). deliveries_sent_at_idx indexed a
-- column the outcome sets, so that update could never be HOT and wrote an entry in every index:
-- 36,000 of the 200,000 updates were HOT, 141 MB of WAL. The admin chart now finds its rows
-- through created_at (set once, at planning) and the table leaves room on each page for the
-- updated versions: 148,000 HOT, 108 MB of WAL.
-- Not CONCURRENTLY (src/db/migrate.ts runs each file in a transaction): on a large ledger, migrate
-- outside the send hours.
DROP INDEX "deliveries_sent_at_idx";
CREATE INDEX "deliveries_created_at_idx" ON "deliveries"("created_at");
ALTER TABLE "deliveries" SET (fillfactor = 70);
