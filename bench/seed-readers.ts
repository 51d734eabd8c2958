import type pg from "pg";

/** Time zones of the bench's readers: both hemispheres, half hours, either side of the date line. */
export const BENCH_TIMEZONES = ["UTC", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo"];

/**
 * Inserts `count` active, confirmed readers in one INSERT … SELECT over generate_series: each
 * gets one of `profiles` and one of the time zones by a hash of its number, so readers of a
 * profile are scattered over the id range as real signups are. One in twenty wants plain text.
 * Returns the seconds it took.
 */
export async function seedReaders(pool: pg.Pool, count: number, profiles: readonly string[][]): Promise<number> {
  const started = performance.now();
  // hashint4 spreads consecutive numbers; the modulo is taken on bigint so it is never negative.
  await pool.query(
    `WITH profile AS (
       SELECT (ordinality - 1)::int AS idx, ARRAY(SELECT jsonb_array_elements_text(value)) AS topics
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY
     ),
     zone AS (SELECT (ordinality - 1)::int AS idx, tz FROM unnest($2::text[]) WITH ORDINALITY AS z(tz, ordinality))
     INSERT INTO subscribers (email, status, topics, timezone, send_hour, frequency, papers_per_email, format,
                              consent_wording, consent_at, confirmed_at, updated_at)
     SELECT 'reader' || g || '@bench.example', 'active', p.topics, z.tz, 8, 'daily', 10,
            (CASE WHEN g % 20 = 0 THEN 'text' ELSE 'html' END)::mail_format, 'bench', now(), now(), now()
     FROM generate_series(1, $3::int) AS g
     JOIN profile p ON p.idx = ((hashint4(g)::bigint % $4::int) + $4::int) % $4::int
     JOIN zone z ON z.idx = ((hashint4(g + 7919)::bigint % $5::int) + $5::int) % $5::int`,
    [JSON.stringify(profiles), BENCH_TIMEZONES, count, profiles.length, BENCH_TIMEZONES.length],
  );
  await pool.query("ANALYZE subscribers");
  return (performance.now() - started) / 1000;
}
