import { html, type SafeHtml } from "./html.ts";

/** One bar per day, oldest first. */
type ChartSeries = { label: string; color: string; points: readonly { day: string; value: number }[] };

// viewBox units; the SVG scales to its container's width.
const WIDTH = 640;
const HEIGHT = 180;
const PLOT = { left: 52, right: 8, top: 12, bottom: 28 };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const TEXT = { fill: "#57606a", size: 12, family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" };

/**
 * A bar chart of one daily series as inline SVG (no script, no stylesheet: presentation
 * attributes only, which the page's CSP allows). Each bar carries a tooltip with its day and
 * value; the y axis ends at a round number at or above the largest value.
 */
export function renderActivityChart(series: ChartSeries): SafeHtml {
  const top = computeAxisTop(Math.max(0, ...series.points.map((p) => p.value)));
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const slot = plotWidth / Math.max(1, series.points.length);
  const barWidth = Math.max(1, slot * 0.7);
  const y = (value: number) => PLOT.top + plotHeight - (value / top) * plotHeight;
  const total = series.points.reduce((sum, p) => sum + p.value, 0);

  const gridlines = [0, top / 2, top].map(
    (value) => html`<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${y(value)}" y2="${y(value)}" stroke="#d0d7de" stroke-width="1"/>
<text x="${PLOT.left - 6}" y="${y(value) + 4}" text-anchor="end" fill="${TEXT.fill}" font-size="${TEXT.size}" font-family="${TEXT.family}">${value.toLocaleString("en")}</text>`,
  );
  const bars = series.points.map((point, i) => {
    const x = PLOT.left + i * slot + (slot - barWidth) / 2;
    const height = y(0) - y(point.value);
    return html`<rect x="${round(x)}" y="${round(y(point.value))}" width="${round(barWidth)}" height="${round(height)}" fill="${series.color}" rx="1"><title>${point.day}: ${point.value.toLocaleString("en")} ${series.label.toLowerCase()}</title></rect>`;
  });
  // A label every seventh day, counted back from the last, so today is always named; the last
  // one ends at the plot's edge instead of running past it.
  const labels = series.points.map((point, i) => {
    const isLast = i === series.points.length - 1;
    if ((series.points.length - 1 - i) % 7 !== 0) return "";
    const x = isLast ? WIDTH - PLOT.right : PLOT.left + i * slot + slot / 2;
    return html`<text x="${round(x)}" y="${HEIGHT - 8}" text-anchor="${isLast ? "end" : "middle"}" fill="${TEXT.fill}" font-size="${TEXT.size}" font-family="${TEXT.family}">${formatDay(point.day)}</text>`;
  });
  const first = series.points[0]?.day ?? "";
  const last = series.points.at(-1)?.day ?? "";
  return html`<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="${series.label} per day from ${first} to ${last}: ${total.toLocaleString("en")} in all" xmlns="http://www.w3.org/2000/svg">
${gridlines}
${bars}
${labels}
</svg>`;
}

// The next 1, 2 or 4 × 10ⁿ at or above `max`, and at least 2, so the middle gridline is a whole count.
function computeAxisTop(max: number): number {
  if (max <= 2) return 2;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 4, 10].map((step) => step * magnitude).find((candidate) => candidate >= max)!;
}

function formatDay(day: string): string {
  const [, month, date] = day.split("-");
  return `${Number(date)} ${MONTHS[Number(month) - 1] ?? ""}`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
