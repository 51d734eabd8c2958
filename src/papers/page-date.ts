const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_DAY = /^([A-Za-z]+)\.? (\d{1,2})$/;
// Feb 29 comes back every four years, or eight across a century that skips its leap day (2100).
const MAX_YEARS_BACK = 8;

/** Whether a line is a yearless date such as "Jul 3" or "March 18". */
export function isMonthDay(line: string): boolean {
  return parseMonthDay(line) !== null;
}

/**
 * Resolves a yearless date ("Jul 3") to the most recent such day on or before `reference` (UTC),
 * as YYYY-MM-DD. Null when the line is not a date or names a day that never exists ("Feb 30").
 */
export function resolveMonthDay(line: string, reference: Date): string | null {
  const parsed = parseMonthDay(line);
  if (!parsed) return null;
  const limit = Date.UTC(reference.getUTCFullYear(), reference.getUTCMonth(), reference.getUTCDate());
  for (let year = reference.getUTCFullYear(); year >= reference.getUTCFullYear() - MAX_YEARS_BACK; year--) {
    const candidate = new Date(Date.UTC(year, parsed.month, parsed.day));
    const exists = candidate.getUTCMonth() === parsed.month && candidate.getUTCDate() === parsed.day;
    if (exists && candidate.getTime() <= limit) return candidate.toISOString().slice(0, 10);
  }
  return null;
}

function parseMonthDay(line: string): { month: number; day: number } | null {
  const match = MONTH_DAY.exec(line.trim());
  if (!match) return null;
  const word = match[1]!.toLowerCase();
  const month = MONTHS.findIndex((name) => name === word || name.slice(0, 3) === word || (word === "sept" && name === "september"));
  const day = Number(match[2]);
  return month === -1 || day < 1 || day > 31 ? null : { month, day };
}
