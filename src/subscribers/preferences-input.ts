import { z } from "zod";
import {
  formatField,
  frequencyField,
  missedDaysField,
  papersPerEmailField,
  pausedUntilField,
  rankingField,
  sendHourField,
  timezoneField,
  topicsField,
  weeklyDayField,
} from "./preference-fields.ts";

/** A reader's settings as stored; `pausedUntil` is a local calendar date (YYYY-MM-DD) or null. */
export type Preferences = {
  topics: string[];
  timezone: string;
  sendHour: number;
  frequency: "daily" | "weekly";
  weeklyDay: number | null;
  papersPerEmail: number;
  format: "html" | "text";
  missedDays: "skip" | "catch_up";
  /** Order of the list: trending score, or votes gained since the last email (docs/trending.md). */
  ranking: "trending" | "momentum";
  pausedUntil: string | null;
};

/**
 * What the preferences form and its JSON twin accept. Every field is optional: an absent one
 * keeps its stored value. Unknown keys are refused.
 */
export const preferencesInputSchema = z.strictObject(
  {
    topics: topicsField.optional(),
    timezone: timezoneField.optional(),
    sendHour: sendHourField.optional(),
    frequency: frequencyField.optional(),
    weeklyDay: weeklyDayField.optional(),
    papersPerEmail: papersPerEmailField.optional(),
    format: formatField.optional(),
    missedDays: missedDaysField.optional(),
    ranking: rankingField.optional(),
    pausedUntil: pausedUntilField.optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown field: ${issue.keys.join(", ")}.` : "Expected a form or a JSON object.") },
);
export type PreferencesInput = z.infer<typeof preferencesInputSchema>;

/** The stored settings with the submitted ones applied. A weekly reader always has a weekday (Monday unless chosen). */
export function mergePreferences(current: Preferences, input: PreferencesInput): Preferences {
  const merged: Preferences = {
    topics: input.topics ?? current.topics,
    timezone: input.timezone ?? current.timezone,
    sendHour: input.sendHour ?? current.sendHour,
    frequency: input.frequency ?? current.frequency,
    weeklyDay: input.weeklyDay ?? current.weeklyDay,
    papersPerEmail: input.papersPerEmail ?? current.papersPerEmail,
    format: input.format ?? current.format,
    missedDays: input.missedDays ?? current.missedDays,
    ranking: input.ranking ?? current.ranking,
    pausedUntil: input.pausedUntil === undefined ? current.pausedUntil : input.pausedUntil,
  };
  if (merged.frequency === "weekly" && merged.weeklyDay === null) merged.weeklyDay = 1;
  return merged;
}
