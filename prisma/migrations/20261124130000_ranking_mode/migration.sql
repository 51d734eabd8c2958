-- Momentum ranking (docs/trending.md): a reader may order their list by the votes papers gained
-- since their last email instead of by the trending score. The content group records which order
-- its list follows, so the email can say so. Both columns default to today's behaviour; a
-- constant default adds them without rewriting either table.
CREATE TYPE "ranking_mode" AS ENUM ('trending', 'momentum');
ALTER TABLE "subscribers" ADD COLUMN "ranking" "ranking_mode" NOT NULL DEFAULT 'trending';
ALTER TABLE "content_groups" ADD COLUMN "ranking" "ranking_mode" NOT NULL DEFAULT 'trending';
-- The send path asks for the newest snapshot (max(taken_at)) once per batch with momentum
-- readers, to see whether an import has run since it loaded an edition's votes; this makes that
-- one index probe instead of a scan of every snapshot ever taken.
CREATE INDEX "vote_snapshots_taken_at_idx" ON "vote_snapshots"("taken_at");
