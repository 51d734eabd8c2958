import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Every metric paperwire exports, defined once on one registry per process. The web process
 * serves it at /metrics; a standalone worker or scheduler serves its own on METRICS_PORT
 * (metrics-server.io.ts). In the all-in-one process they share it, on the web port. No series
 * names its process: Prometheus's `instance` label (the address it scraped) tells them apart.
 */
export const registry = new Registry();
// Node's own metrics keep their standard names under ours: paperwire_process_cpu_seconds_total,
// paperwire_nodejs_eventloop_lag_seconds.
collectDefaultMetrics({ register: registry, prefix: "paperwire_" });

export const metrics = {
  emailsSent: new Counter({ name: "paperwire_emails_sent_total", help: "Digest emails the SMTP relay accepted", registers: [registry] }),
  emailsFailed: new Counter({ name: "paperwire_emails_failed_total", help: "Digest emails refused for good (5xx)", registers: [registry] }),
  emailsRetried: new Counter({ name: "paperwire_emails_retried_total", help: "Digest emails refused for now (4xx, connection errors), to be retried", registers: [registry] }),
  emailsSkipped: new Counter({ name: "paperwire_emails_skipped_total", help: "Due readers who got no email, by reason", labelNames: ["reason"], registers: [registry] }),
  renderSeconds: new Histogram({ name: "paperwire_render_duration_seconds", help: "Rendering one content group (MJML and MIME)", buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1], registers: [registry] }),
  sendBatchSeconds: new Histogram({ name: "paperwire_send_batch_duration_seconds", help: "Sending one batch, claim to outcome", buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120], registers: [registry] }),
  signups: new Counter({ name: "paperwire_signups_total", help: "Signup requests accepted (new or repeated; the answer never says which)", registers: [registry] }),
  confirmations: new Counter({ name: "paperwire_confirmations_total", help: "Subscriptions confirmed", registers: [registry] }),
  unsubscribes: new Counter({ name: "paperwire_unsubscribes_total", help: "Unsubscribes, by way", labelNames: ["via"], registers: [registry] }),
  queueDepth: new Gauge({ name: "paperwire_queue_depth", help: "Jobs per queue and state, read when scraped", labelNames: ["queue", "state"], registers: [registry] }),
};
