import { IANAZone } from "luxon";
import { z } from "zod";

// Refused in every free-text field: CR/LF would let a value break out of a mail header, and
// zero-width or bidi characters make two different values look the same.
const FORBIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const FORBIDDEN_MESSAGE = "Line breaks, control and invisible characters are not allowed.";

export const MAX_TOPICS = 10;
export const MAX_TOPIC_LENGTH = 40;
// A keyword starts with a letter or digit; after that a few signs that occur in field names
// ("c++", "3d-vision", "q&a", "rl/hf"). Nothing that could form markup or a header.
const TOPIC = /^[\p{L}\p{N}][\p{L}\p{N}\p{M} .+#&/'-]*$/u;

/** Every IANA zone this runtime knows, for the pickers; "UTC" is not in Intl's list. */
export const TIME_ZONES: readonly string[] = Object.freeze(["UTC", ...Intl.supportedValuesOf("timeZone")]);

/** A string without control characters, at most `max` long. */
export const plainText = (max: number) =>
  z
    .string({ error: "Expected text." })
    .max(max, `At most ${max} characters.`)
    .refine((value) => !FORBIDDEN_CHARACTERS.test(value), FORBIDDEN_MESSAGE);

// Forms send numbers as strings; only plain digits are accepted ("8", not "8.5", "0x8" or " 8").
const integer = (min: number, max: number, label: string) =>
  z
    .union([z.number(), z.string().regex(/^\d{1,4}$/, `${label} must be a whole number.`).transform(Number)], {
      error: `${label} must be a whole number.`,
    })
    .pipe(z.number().int(`${label} must be a whole number.`).min(min, `${label} must be ${min} to ${max}.`).max(max, `${label} must be ${min} to ${max}.`));

/** Free keywords, from a comma-separated string (forms) or a list (JSON); trimmed, lower-cased, deduplicated. */
export const topicsField = z
  .preprocess(
    (value) => (typeof value === "string" ? value.split(",") : value),
    // Raw items may carry spaces around them; the length that counts is checked after trimming.
    z.array(plainText(4 * MAX_TOPIC_LENGTH), { error: "Topics must be text." }),
  )
  .transform((values) => [...new Set(values.map((v) => v.normalize("NFKC").trim().replace(/\s+/gu, " ").toLowerCase()).filter(Boolean))])
  .pipe(
    z
      .array(z.string().max(MAX_TOPIC_LENGTH, `Each topic can be at most ${MAX_TOPIC_LENGTH} characters.`).regex(TOPIC, "Topics can use letters, digits, spaces and . + # & / ' -"))
      .max(MAX_TOPICS, `At most ${MAX_TOPICS} topics.`),
  );

/** An IANA zone name in the runtime's canonical spelling ("europe/paris" becomes "Europe/Paris"). */
export const timezoneField = plainText(64)
  // luxon refuses fixed offsets ("+05:00") that Intl may accept: a reader's hour must follow DST.
  .refine((zone) => IANAZone.isValidZone(zone), "Please choose a time zone from the list.")
  .transform((zone) => new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone);

export const sendHourField = integer(0, 23, "The send hour");
export const weeklyDayField = integer(1, 7, "The weekday");
export const papersPerEmailField = integer(1, 50, "Papers per email");
export const frequencyField = z.enum(["daily", "weekly"], { error: "How often must be daily or weekly." });
export const formatField = z.enum(["html", "text"], { error: "The format must be html or text." });
export const missedDaysField = z.enum(["skip", "catch_up"], { error: "Missed days must be skip or catch_up." });
export const rankingField = z.enum(["trending", "momentum"], { error: "The ranking must be trending or momentum." });

/** A calendar date (YYYY-MM-DD); empty or null for "not paused". */
export const pausedUntilField = z
  .string({ error: "The pause date must be a date." })
  .nullable()
  .transform((value) => value?.trim() ?? "")
  .refine((value) => value === "" || isCalendarDate(value), "The pause date must be a real date (YYYY-MM-DD).")
  .transform((value) => (value === "" ? null : value));

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  // Date rolls 2026-02-30 over into March; a real date survives the round trip.
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && date.getUTCFullYear() >= 2000 && date.getUTCFullYear() <= 2100;
}
