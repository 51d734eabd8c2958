import { TIME_ZONES } from "../../subscribers/preference-fields.ts";
import { html, type SafeHtml } from "./html.ts";

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** "08:00" for 8. */
export function formatHour(hour: number): string {
  return `${String(hour).padStart(2, "0")}:00`;
}

/** Options of every IANA zone; a stored zone missing from this runtime's list is kept as an option. */
export function timezoneOptions(selected: string): SafeHtml {
  const zones = TIME_ZONES.includes(selected) ? TIME_ZONES : [selected, ...TIME_ZONES];
  return html`${zones.map((zone) => html`<option value="${zone}"${zone === selected ? html` selected` : ""}>${zone.replaceAll("_", " ")}</option>`)}`;
}

export function hourOptions(selected: number): SafeHtml {
  return html`${Array.from({ length: 24 }, (_, hour) => html`<option value="${hour}"${hour === selected ? html` selected` : ""}>${formatHour(hour)}</option>`)}`;
}

/** ISO weekdays, 1 = Monday. */
export function weekdayOptions(selected: number | null): SafeHtml {
  return html`${WEEKDAYS.map((name, i) => html`<option value="${i + 1}"${i + 1 === (selected ?? 1) ? html` selected` : ""}>${name}</option>`)}`;
}
