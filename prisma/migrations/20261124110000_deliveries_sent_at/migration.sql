-- The admin page's 30-day chart counts sends per day (`WHERE sent_at >= $1`, loadDailyActivity in
-- src/admin/admin-stats.repo.ts); without this it read the whole ledger. Partial: a delivery gets
-- an entry only once it is sent, so the planner's bulk insert of queued rows never touches it, and
-- `sent_at >= $1` implies `sent_at IS NOT NULL`, so the planner can use it.
-- Not CONCURRENTLY: src/db/migrate.ts runs each file in a transaction. The build holds writes to
-- deliveries until it ends; on a large ledger, run `paperwire db migrate` outside the send hours.
CREATE INDEX "deliveries_sent_at_idx" ON "deliveries"("sent_at") WHERE "sent_at" IS NOT NULL;
