import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import cron from "node-cron";
import { z } from "zod";
import { EMBEDDED } from "./embedded.ts";

/** Raised when the environment is invalid; lists every offending variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((value) => protocols.includes(new URL(value).protocol), `must use ${protocols.join(" or ")}`);

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

// Every variable paperwire reads, once, with what it means. Unset URLs mean "use the embedded
// default service" that `paperwire up` starts on loopback.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development").describe("production requires APP_SECRET"),
  PORT: intFrom(0, 65535).default(3000).describe("HTTP port of the web process"),
  HOST: z.string().min(1).default("127.0.0.1").describe("interface the web process binds"),
  TRUST_PROXY: z.string().regex(/^(\d{1,2}|[0-9a-f.:/]+(\s*,\s*[0-9a-f.:/]+)*)$/i, "a hop count or comma-separated addresses/CIDRs").optional().describe("reverse proxies whose X-Forwarded-For gives the client IP (rate limits, consent): a hop count or comma-separated addresses/CIDRs; unset: none"),
  PUBLIC_URL: url(["http:", "https:"]).default("http://localhost:3000").describe("base of every link in emails"),
  DATABASE_URL: url(["postgres:", "postgresql:"]).optional().describe("Postgres; unset: the embedded one"),
  REDIS_URL: url(["redis:", "rediss:"]).optional().describe("Redis for BullMQ and rate limits; unset: the embedded one"),
  SMTP_URL: url(["smtp:", "smtps:"]).optional().describe("SMTP relay; unset: the embedded mail catcher"),
  MAIL_FROM: z.string().min(3).default("paperwire <digest@paperwire.localhost>").describe("From header of every email"),
  APP_SECRET: z.string().min(32, "must be at least 32 characters").optional().describe("HMAC key of every token"),
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional().describe("bearer token of /admin; unset: admin pages are off"),
  METRICS_PORT: intFrom(1, 65535).optional().describe("port on which a standalone worker or scheduler serves /metrics (ADMIN_TOKEN required); unset: none"),
  METRICS_HOST: z.string().min(1).default("127.0.0.1").describe("interface the METRICS_PORT server binds (0.0.0.0 for a Prometheus on another machine)"),
  DATA_DIR: z.string().min(1).default(".data").describe("where embedded services keep their data"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info").describe("pino log level of every process"),
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i).default("paperwire").describe("BullMQ key prefix"),
  SEND_RATE: intFrom(1, 100_000).default(2000).describe("emails per second, shared by all workers"),
  SMTP_POOL_SIZE: intFrom(1, 100).default(5).describe("SMTP connections per worker process"),
  BATCH_SIZE: intFrom(1, 5000).default(500).describe("readers per send-batch job"),
  // Defaults of SMTP_POOL_SIZE, BATCH_SIZE and WORKER_CONCURRENCY: measured in docs/benchmarks.md.
  WORKER_CONCURRENCY: intFrom(1, 64).default(2).describe("send-batch jobs in flight per worker process"),
  BOUNCE_LIMIT: intFrom(1, 100).default(1).describe("hard bounces before a reader is set to bounced"),
  PENDING_PURGE_DAYS: intFrom(1, 365).default(7).describe("days an unconfirmed signup is kept"),
  CONFIRM_TOKEN_TTL_HOURS: intFrom(1, 24 * 30).default(72).describe("how long a confirmation link works"),
  UNSUBSCRIBE_MAILTO: z.email().optional().describe("mailbox offered in List-Unsubscribe next to the URL"),
  POSTAL_ADDRESS: z.string().default("paperwire, 1 Example Street, Nowhere").describe("sender's postal address in every footer (CAN-SPAM)"),
  LIST_ID: z.string().regex(/^[a-z0-9.-]+$/i).default("daily.paperwire.localhost").describe("List-Id of the digest (RFC 2919)"),
  HF_API_URL: url(["http:", "https:"]).default("https://huggingface.co").describe("Hugging Face API base"),
  ARXIV_API_URL: url(["http:", "https:"]).default("http://export.arxiv.org").describe("arXiv API base"),
  HTTP_TIMEOUT_MS: intFrom(100, 120_000).default(15_000).describe("timeout of each outbound HTTP request"),
  TRENDING_WINDOW_DAYS: intFrom(1, 60).default(7).describe("how far back trending papers are considered"),
  JOB_LOCK_SECONDS: intFrom(1, 600).default(30).describe("how long a killed worker's job stays locked before another worker takes it over"),
  IMPORT_CRON: z.string().refine((v) => cron.validate(v), "must be a cron expression such as '0 */2 * * *'").default("0 */2 * * *").describe("when the scheduler imports today's and yesterday's Hugging Face papers (UTC)"),
  ARXIV_CATEGORIES: z.string().regex(/^\s*([a-z-]+(\.[A-Za-z-]+)?\s*(,\s*|$))*$/, "comma-separated arXiv categories such as cs.LG,cs.CL").default("").describe("arXiv categories imported on the same schedule; empty: none"),
  IMPORT_STALE_HOURS: intFrom(1, 24 * 14).default(26).describe("`paperwire status` warns when a source's last successful import is older"),
});

type Env = z.infer<typeof envSchema>;

export type AppConfig = Readonly<{
  nodeEnv: Env["NODE_ENV"];
  port: number;
  host: string;
  /** Fastify's trustProxy: false, a hop count, or the proxies' addresses. */
  trustProxy: false | number | string[];
  publicUrl: string;
  databaseUrl: string;
  redisUrl: string;
  smtpUrl: string;
  /** Which services run on the embedded default because their URL was left unset. */
  embedded: Readonly<{ postgres: boolean; redis: boolean; smtp: boolean }>;
  mailFrom: string;
  appSecret: string;
  adminToken: string | undefined;
  /** Where `npm run worker` and `npm run scheduler` serve /metrics; the web process and `paperwire up` ignore it. */
  metricsPort: number | undefined;
  metricsHost: string;
  dataDir: string;
  logLevel: Env["LOG_LEVEL"];
  queuePrefix: string;
  sendRate: number;
  smtpPoolSize: number;
  batchSize: number;
  workerConcurrency: number;
  bounceLimit: number;
  pendingPurgeDays: number;
  confirmTokenTtlHours: number;
  unsubscribeMailto: string | undefined;
  postalAddress: string;
  listId: string;
  hfApiUrl: string;
  arxivApiUrl: string;
  httpTimeoutMs: number;
  trendingWindowDays: number;
  jobLockMs: number;
  importCron: string;
  arxivCategories: readonly string[];
  importStaleHours: number;
}>;

/**
 * Parses and validates the environment once. Throws ConfigError naming every bad variable.
 * Empty strings count as unset, so `FOO= cmd` falls back to the default.
 */
export function loadConfig(source: NodeJS.ProcessEnv): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  const problems = [
    ...(!env.APP_SECRET && env.NODE_ENV === "production" ? ["APP_SECRET: required when NODE_ENV=production (32+ random characters)"] : []),
    // A metrics port nobody may scrape is a mistake, not a choice: say so at start.
    ...(env.METRICS_PORT !== undefined && !env.ADMIN_TOKEN ? ["METRICS_PORT: requires ADMIN_TOKEN, the credential every scrape presents"] : []),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    publicUrl: env.PUBLIC_URL.replace(/\/+$/, ""),
    databaseUrl: env.DATABASE_URL ?? EMBEDDED.databaseUrl,
    redisUrl: env.REDIS_URL ?? EMBEDDED.redisUrl,
    smtpUrl: env.SMTP_URL ?? EMBEDDED.smtpUrl,
    embedded: Object.freeze({ postgres: !env.DATABASE_URL, redis: !env.REDIS_URL, smtp: !env.SMTP_URL }),
    mailFrom: env.MAIL_FROM,
    appSecret: env.APP_SECRET ?? loadDevelopmentSecret(dataDir),
    adminToken: env.ADMIN_TOKEN,
    metricsPort: env.METRICS_PORT,
    metricsHost: env.METRICS_HOST,
    dataDir,
    logLevel: env.LOG_LEVEL,
    queuePrefix: env.QUEUE_PREFIX,
    sendRate: env.SEND_RATE,
    smtpPoolSize: env.SMTP_POOL_SIZE,
    batchSize: env.BATCH_SIZE,
    workerConcurrency: env.WORKER_CONCURRENCY,
    bounceLimit: env.BOUNCE_LIMIT,
    pendingPurgeDays: env.PENDING_PURGE_DAYS,
    confirmTokenTtlHours: env.CONFIRM_TOKEN_TTL_HOURS,
    unsubscribeMailto: env.UNSUBSCRIBE_MAILTO,
    postalAddress: env.POSTAL_ADDRESS,
    listId: env.LIST_ID,
    hfApiUrl: env.HF_API_URL.replace(/\/+$/, ""),
    arxivApiUrl: env.ARXIV_API_URL.replace(/\/+$/, ""),
    httpTimeoutMs: env.HTTP_TIMEOUT_MS,
    trendingWindowDays: env.TRENDING_WINDOW_DAYS,
    jobLockMs: env.JOB_LOCK_SECONDS * 1000,
    importCron: env.IMPORT_CRON,
    arxivCategories: Object.freeze(env.ARXIV_CATEGORIES.split(",").map((c) => c.trim()).filter(Boolean)),
    importStaleHours: env.IMPORT_STALE_HOURS,
  });
}

function parseTrustProxy(value: string | undefined): false | number | string[] {
  if (value === undefined) return false;
  return /^\d+$/.test(value) ? Number(value) : value.split(",").map((part) => part.trim());
}

// Outside production an unset APP_SECRET gets a random key kept beside the embedded data, so
// links in mails already sent keep working across restarts of a local run.
function loadDevelopmentSecret(dataDir: string): string {
  const file = path.join(dataDir, "app-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** The variables with their descriptions, for `paperwire config` and the README. */
export function describeVariables(): { name: string; description: string }[] {
  return Object.entries(envSchema.shape).map(([name, schema]) => ({ name, description: schema.description ?? "" }));
}
