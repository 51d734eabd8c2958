import { createHash } from "node:crypto";
import type { DayActivity } from "../../admin/daily-activity.ts";
import type { SubscriberStatus } from "../../generated/prisma/enums.ts";
import { renderActivityChart } from "./activity-chart.ts";
import { html, trustedHtml } from "./html.ts";

// The admin pages' own stylesheet: wider than the reader pages, which are a single form. A chart
// shrinks with the screen; on a phone its labels are drawn larger so they stay readable.
const STYLE = `
:root{color-scheme:light;--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa;--card:#fff;--accent:#0b57d0}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:64rem;margin:0 auto;padding:0 1rem 2rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline;padding:1.25rem 0 .75rem}
.brand{font-weight:700;font-size:1.125rem;color:var(--ink);text-decoration:none}
nav a{color:var(--accent);margin-right:1rem;text-underline-offset:2px}
nav a[aria-current]{color:var(--ink);font-weight:600;text-decoration:none}
h1{font-size:1.5rem;margin:.5rem 0 .25rem}
h2{font-size:1.125rem;margin:2rem 0 .75rem}
.muted{color:var(--muted);margin:0 0 1rem}
.counts{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.75rem;margin:0;padding:0;list-style:none}
.counts li{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.75rem 1rem}
.counts .n{display:block;font-size:1.5rem;font-weight:700;font-variant-numeric:tabular-nums}
.counts .label{color:var(--muted);font-size:.875rem}
.counts .total{background:transparent}
.charts{display:grid;gap:1rem}
figure{min-width:0;margin:0;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.75rem 1rem .5rem}
figcaption{display:flex;justify-content:space-between;gap:1rem;font-weight:600;margin:0 0 .25rem}
figcaption .sum{color:var(--muted);font-weight:400;font-variant-numeric:tabular-nums}
.chart svg{display:block;height:auto}
@media (max-width:40rem){.chart text{font-size:20px}}
`;

/** The admin pages' CSP: their one inline stylesheet by hash, no script at all. */
export const ADMIN_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

type AdminOverview = {
  counts: Record<SubscriberStatus, number>;
  activity: readonly DayActivity[];
  /** Unconfirmed signups older than this are purged, and so drop out of the signup chart. */
  pendingPurgeDays: number;
  generatedAt: Date;
};

const STATUS_LABELS: readonly [SubscriberStatus, string][] = [
  ["active", "Active"],
  ["pending", "Awaiting confirmation"],
  ["unsubscribed", "Unsubscribed"],
  ["bounced", "Bounced"],
  ["complained", "Complained"],
];

const SERIES = [
  { key: "signups", label: "Signups", color: "#0b57d0" },
  { key: "unsubscribes", label: "Unsubscribes", color: "#bc4c00" },
  { key: "sends", label: "Digests sent", color: "#1a7f37" },
] as const;

/** GET /admin: subscribers by status and the last days of signups, unsubscribes and sends. */
export function renderAdminPage(overview: AdminOverview): string {
  const total = Object.values(overview.counts).reduce((sum, n) => sum + n, 0);
  const charts = SERIES.map((series) => {
    const points = overview.activity.map((day) => ({ day: day.day, value: day[series.key] }));
    const sum = points.reduce((acc, p) => acc + p.value, 0);
    return html`<figure><figcaption>${series.label}<span class="sum">${sum.toLocaleString("en")} in ${points.length} days</span></figcaption>
<div class="chart">${renderActivityChart({ label: series.label, color: series.color, points })}</div></figure>`;
  });
  return `<!doctype html>\n${
    html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Overview · paperwire admin</title>
<link rel="icon" href="data:,">
<style>${trustedHtml(STYLE)}</style>
</head>
<body>
<div class="wrap">
<header><a class="brand" href="/admin">paperwire admin</a>
<nav><a href="/admin" aria-current="page">Overview</a><a href="/admin/queues">Queues</a><a href="/metrics">Metrics</a></nav></header>
<main>
<h1>Overview</h1>
<p class="muted">As of ${overview.generatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC.</p>
<h2>Subscribers</h2>
<ul class="counts">
${STATUS_LABELS.map(([status, label]) => html`<li><span class="n">${overview.counts[status].toLocaleString("en")}</span><span class="label">${label}</span></li>`)}
<li class="total"><span class="n">${total.toLocaleString("en")}</span><span class="label">In all</span></li>
</ul>
<h2>Last ${overview.activity.length} days</h2>
<p class="muted">Per UTC day. Signups count readers still on record: unconfirmed signups are deleted after ${overview.pendingPurgeDays} days, and erased readers leave no trace.</p>
<div class="charts">
${charts}
</div>
</main>
</div>
</body>
</html>`.markup
  }\n`;
}
