-- The whole product's model: papers and their trending days, import runs and vote snapshots,
-- subscribers with consent and status history, suppression, editions, slots, content groups,
-- batches and the delivery ledger.

CREATE TYPE "paper_source" AS ENUM ('huggingface', 'arxiv', 'seed');
CREATE TYPE "import_status" AS ENUM ('running', 'succeeded', 'failed');
CREATE TYPE "subscriber_status" AS ENUM ('pending', 'active', 'unsubscribed', 'bounced', 'complained');
CREATE TYPE "frequency" AS ENUM ('daily', 'weekly');
CREATE TYPE "mail_format" AS ENUM ('html', 'text');
CREATE TYPE "missed_days_policy" AS ENUM ('skip', 'catch_up');
CREATE TYPE "suppression_kind" AS ENUM ('hard_bounce', 'soft_bounce', 'complaint', 'unsubscribe', 'erasure');
CREATE TYPE "slot_status" AS ENUM ('planning', 'planned', 'done');
CREATE TYPE "batch_status" AS ENUM ('queued', 'sending', 'done');
CREATE TYPE "delivery_status" AS ENUM ('queued', 'sending', 'sent', 'failed', 'skipped');

CREATE TABLE "papers" (
    "id" SERIAL NOT NULL,
    "arxiv_id" TEXT,
    "title_key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "authors" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "abstract" TEXT NOT NULL DEFAULT '',
    "published_at" TIMESTAMPTZ(3),
    "source" "paper_source" NOT NULL,
    "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "page_url" TEXT,
    "pdf_url" TEXT,
    "code_url" TEXT,
    "code_stars" INTEGER,
    "project_url" TEXT,
    "thumbnail_url" TEXT,
    "ai_summary" TEXT,
    "ai_keywords" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "comment_count" INTEGER,
    -- Title outweighs abstract in topic relevance (ts_rank weights A and B).
    "search_vector" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce("title", '')), 'A') ||
        setweight(to_tsvector('english', coalesce("abstract", '')), 'B')
    ) STORED,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "papers_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "papers_arxiv_id_key" ON "papers"("arxiv_id");
CREATE INDEX "papers_title_key_idx" ON "papers"("title_key");
CREATE INDEX "papers_search_vector_idx" ON "papers" USING GIN ("search_vector");
-- A paper known only by its title (seed pages give no id) exists once: re-imports find it here.
CREATE UNIQUE INDEX "papers_title_key_without_id_key" ON "papers"("title_key") WHERE "arxiv_id" IS NULL;

CREATE TABLE "paper_trends" (
    "paper_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "rank" INTEGER NOT NULL,
    "upvotes" INTEGER,
    "source" "paper_source" NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "paper_trends_pkey" PRIMARY KEY ("paper_id", "day"),
    CONSTRAINT "paper_trends_rank_check" CHECK ("rank" >= 1)
);
CREATE INDEX "paper_trends_day_rank_idx" ON "paper_trends"("day", "rank");

CREATE TABLE "import_runs" (
    "id" SERIAL NOT NULL,
    "source" "paper_source" NOT NULL,
    "target" TEXT NOT NULL,
    "status" "import_status" NOT NULL DEFAULT 'running',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "new_count" INTEGER NOT NULL DEFAULT 0,
    "updated_count" INTEGER NOT NULL DEFAULT 0,
    "unchanged_count" INTEGER NOT NULL DEFAULT 0,
    "failed_count" INTEGER NOT NULL DEFAULT 0,
    "failures" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    CONSTRAINT "import_runs_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "import_runs_source_started_at_idx" ON "import_runs"("source", "started_at");

CREATE TABLE "vote_snapshots" (
    "paper_id" INTEGER NOT NULL,
    "import_run_id" INTEGER NOT NULL,
    "upvotes" INTEGER NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "vote_snapshots_pkey" PRIMARY KEY ("paper_id", "import_run_id")
);
CREATE INDEX "vote_snapshots_paper_id_taken_at_idx" ON "vote_snapshots"("paper_id", "taken_at");

CREATE TABLE "subscribers" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "status" "subscriber_status" NOT NULL DEFAULT 'pending',
    "topics" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "send_hour" SMALLINT NOT NULL DEFAULT 8,
    "frequency" "frequency" NOT NULL DEFAULT 'daily',
    "weekly_day" SMALLINT,
    "papers_per_email" SMALLINT NOT NULL DEFAULT 10,
    "format" "mail_format" NOT NULL DEFAULT 'html',
    "missed_days" "missed_days_policy" NOT NULL DEFAULT 'skip',
    "paused_until" DATE,
    "consent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "consent_ip" TEXT,
    "consent_user_agent" TEXT,
    "consent_wording" TEXT NOT NULL,
    "confirmed_at" TIMESTAMPTZ(3),
    "confirm_ip" TEXT,
    "confirm_user_agent" TEXT,
    "confirmation_sent_at" TIMESTAMPTZ(3),
    "bounce_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "subscribers_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "subscribers_send_hour_check" CHECK ("send_hour" BETWEEN 0 AND 23),
    CONSTRAINT "subscribers_weekly_day_check" CHECK ("weekly_day" IS NULL OR "weekly_day" BETWEEN 1 AND 7),
    CONSTRAINT "subscribers_papers_per_email_check" CHECK ("papers_per_email" BETWEEN 1 AND 50)
);
CREATE UNIQUE INDEX "subscribers_email_key" ON "subscribers"("email");
CREATE INDEX "subscribers_status_id_idx" ON "subscribers"("status", "id");

CREATE TABLE "status_changes" (
    "id" SERIAL NOT NULL,
    "subscriber_id" INTEGER NOT NULL,
    "from_status" "subscriber_status",
    "to_status" "subscriber_status" NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "status_changes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "status_changes_subscriber_id_at_idx" ON "status_changes"("subscriber_id", "at");
CREATE INDEX "status_changes_at_idx" ON "status_changes"("at");

CREATE TABLE "suppression_events" (
    "id" SERIAL NOT NULL,
    "email_hash" TEXT NOT NULL,
    "subscriber_id" INTEGER,
    "kind" "suppression_kind" NOT NULL,
    "detail" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "suppression_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "suppression_events_email_hash_idx" ON "suppression_events"("email_hash");
CREATE INDEX "suppression_events_subscriber_id_idx" ON "suppression_events"("subscriber_id");

CREATE TABLE "editions" (
    "id" SERIAL NOT NULL,
    "date" DATE NOT NULL,
    "trending_days" DATE[],
    "paper_ids" INTEGER[],
    "paper_scores" DOUBLE PRECISION[],
    "import_run_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "editions_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "editions_date_key" ON "editions"("date");

CREATE TABLE "send_slots" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "is_manual" BOOLEAN NOT NULL DEFAULT false,
    "status" "slot_status" NOT NULL DEFAULT 'planning',
    "planned_count" INTEGER NOT NULL DEFAULT 0,
    "batch_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "planned_at" TIMESTAMPTZ(3),
    "done_at" TIMESTAMPTZ(3),
    CONSTRAINT "send_slots_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "send_slots_key_key" ON "send_slots"("key");
CREATE INDEX "send_slots_starts_at_idx" ON "send_slots"("starts_at");

CREATE TABLE "content_groups" (
    "id" SERIAL NOT NULL,
    "edition_id" INTEGER NOT NULL,
    "content_key" TEXT NOT NULL,
    "paper_ids" INTEGER[],
    "topics" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "is_fallback" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "content_groups_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "content_groups_edition_id_content_key_key" ON "content_groups"("edition_id", "content_key");

CREATE TABLE "send_batches" (
    "id" SERIAL NOT NULL,
    "slot_id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "size" INTEGER NOT NULL,
    "status" "batch_status" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimed_at" TIMESTAMPTZ(3),
    "done_at" TIMESTAMPTZ(3),
    CONSTRAINT "send_batches_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "send_batches_slot_id_seq_key" ON "send_batches"("slot_id", "seq");

CREATE TABLE "deliveries" (
    "id" BIGSERIAL NOT NULL,
    "edition_id" INTEGER NOT NULL,
    "subscriber_id" INTEGER NOT NULL,
    "batch_id" INTEGER,
    "content_group_id" INTEGER,
    "status" "delivery_status" NOT NULL DEFAULT 'queued',
    "skip_reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "message_id" TEXT,
    "smtp_response" TEXT,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sending_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "deliveries_edition_id_subscriber_id_key" ON "deliveries"("edition_id", "subscriber_id");
CREATE INDEX "deliveries_batch_id_idx" ON "deliveries"("batch_id");
CREATE INDEX "deliveries_subscriber_id_created_at_idx" ON "deliveries"("subscriber_id", "created_at");

ALTER TABLE "paper_trends" ADD CONSTRAINT "paper_trends_paper_id_fkey" FOREIGN KEY ("paper_id") REFERENCES "papers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "vote_snapshots" ADD CONSTRAINT "vote_snapshots_paper_id_fkey" FOREIGN KEY ("paper_id") REFERENCES "papers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "vote_snapshots" ADD CONSTRAINT "vote_snapshots_import_run_id_fkey" FOREIGN KEY ("import_run_id") REFERENCES "import_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "status_changes" ADD CONSTRAINT "status_changes_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "content_groups" ADD CONSTRAINT "content_groups_edition_id_fkey" FOREIGN KEY ("edition_id") REFERENCES "editions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_slot_id_fkey" FOREIGN KEY ("slot_id") REFERENCES "send_slots"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_edition_id_fkey" FOREIGN KEY ("edition_id") REFERENCES "editions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "send_batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_content_group_id_fkey" FOREIGN KEY ("content_group_id") REFERENCES "content_groups"("id") ON DELETE SET NULL ON UPDATE CASCADE;
