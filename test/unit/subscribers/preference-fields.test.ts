import { describe, expect, it } from "vitest";
import { mergePreferences, preferencesInputSchema, type Preferences } from "../../../src/subscribers/preferences-input.ts";
import { buildSignup, isHoneypotFilled, signupInputSchema } from "../../../src/subscribers/signup-input.ts";
import { TIME_ZONES, timezoneField, topicsField } from "../../../src/subscribers/preference-fields.ts";

const firstMessage = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? "accepted" : result.error!.issues[0]!.message;

describe("topics", () => {
  it("splits, trims, lower-cases and deduplicates a comma-separated form value", () => {
    expect(topicsField.parse(" Diffusion, LLM   agents,,diffusion , C++ ")).toEqual(["diffusion", "llm agents", "c++"]);
  });

  it("accepts a JSON list and unicode keywords, NFKC-normalised", () => {
    expect(topicsField.parse(["Réseaux", "ｒｏｂｏｔｉｃｓ", "3d-vision"])).toEqual(["réseaux", "robotics", "3d-vision"]);
  });

  it.each([
    ["eleven topics", Array.from({ length: 11 }, (_, i) => `t${i}`).join(","), /At most 10/],
    ["a topic of 41 characters", "a".repeat(41), /at most 40/],
    ["a list item of 41 characters", ["a".repeat(41)], /at most 40/],
    ["eleven list items", Array.from({ length: 11 }, (_, i) => `t${i}`), /At most 10/],
    ["CRLF", "a\r\nb", /Line breaks/],
    ["zero-width joiner", "a\u200db", /invisible/],
    ["markup", "<script>", /can use letters/],
    ["a leading sign", "-rf", /can use letters/],
    ["a number", 42, /must be text/],
    ["an oversized item", `${"a".repeat(200)},b`, /At most 160/],
  ])("refuses %s", (_name, value, message) => {
    expect(firstMessage(topicsField.safeParse(value))).toMatch(message);
  });
});

describe("time zones", () => {
  it("canonicalises spelling and aliases", () => {
    expect(timezoneField.parse("europe/paris")).toBe("Europe/Paris");
    expect(timezoneField.parse("UTC")).toBe("UTC");
    expect(timezoneField.parse("US/Eastern")).toBe("America/New_York");
  });

  it.each(["Mars/Olympus_Mons", "+05:00", "UTC+2", "", "Europe/Paris\r\n", "x".repeat(65)])("refuses %j", (zone) => {
    expect(timezoneField.safeParse(zone).success).toBe(false);
  });

  it("lists UTC first and hundreds of zones", () => {
    expect(TIME_ZONES[0]).toBe("UTC");
    expect(TIME_ZONES.length).toBeGreaterThan(300);
  });
});

describe("signup input", () => {
  it("fills defaults for fields a form leaves empty", () => {
    const input = signupInputSchema.parse({ email: "a@example.org", topics: "", timezone: "", sendHour: "", frequency: "", website: "" });
    expect(buildSignup(input)).toEqual({ email: "a@example.org", topics: [], timezone: "UTC", sendHour: 8, frequency: "daily", weeklyDay: null });
    expect(isHoneypotFilled(input)).toBe(false);
  });

  it("gives weekly readers Monday", () => {
    const input = signupInputSchema.parse({ email: "a@example.org", frequency: "weekly", sendHour: "7", timezone: "Asia/Tokyo" });
    expect(buildSignup(input)).toMatchObject({ frequency: "weekly", weeklyDay: 1, sendHour: 7, timezone: "Asia/Tokyo" });
  });

  it("notices a filled honeypot", () => {
    expect(isHoneypotFilled(signupInputSchema.parse({ email: "a@example.org", website: "http://spam.example" }))).toBe(true);
  });

  it.each([
    ["hour 24", { sendHour: 24 }, /0 to 23/],
    ["hour -1", { sendHour: "-1" }, /whole number/],
    ["hour 8.5", { sendHour: "8.5" }, /whole number/],
    ["hour 0x8", { sendHour: "0x8" }, /whole number/],
    ["frequency hourly", { frequency: "hourly" }, /daily or weekly/],
    ["an unknown field", { status: "active" }, /Unknown field: status/],
    ["email as a list", { email: ["a@example.org", "b@example.org"] }, /enter your email/],
  ])("refuses %s", (_name, extra, message) => {
    expect(firstMessage(signupInputSchema.safeParse({ email: "a@example.org", ...extra }))).toMatch(message);
  });
});

describe("preferences input", () => {
  const current: Preferences = {
    topics: ["robotics"],
    timezone: "UTC",
    sendHour: 8,
    frequency: "daily",
    weeklyDay: null,
    papersPerEmail: 10,
    format: "html",
    missedDays: "skip",
    ranking: "trending",
    pausedUntil: null,
  };

  it("applies only the fields given, and gives a new weekly reader Monday", () => {
    const input = preferencesInputSchema.parse({ frequency: "weekly", papersPerEmail: "25", pausedUntil: "2027-01-31" });
    expect(mergePreferences(current, input)).toEqual({ ...current, frequency: "weekly", weeklyDay: 1, papersPerEmail: 25, pausedUntil: "2027-01-31" });
  });

  it("switches the ranking to momentum and back, and keeps it when not given", () => {
    const momentum = mergePreferences(current, preferencesInputSchema.parse({ ranking: "momentum" }));
    expect(momentum).toEqual({ ...current, ranking: "momentum" });
    expect(mergePreferences(momentum, preferencesInputSchema.parse({ papersPerEmail: "5" })).ranking).toBe("momentum");
    expect(mergePreferences(momentum, preferencesInputSchema.parse({ ranking: "trending" })).ranking).toBe("trending");
  });

  it("clears the pause with an empty date", () => {
    expect(mergePreferences({ ...current, pausedUntil: "2027-01-31" }, preferencesInputSchema.parse({ pausedUntil: "" })).pausedUntil).toBeNull();
  });

  it.each([
    ["51 papers", { papersPerEmail: 51 }, /1 to 50/],
    ["0 papers", { papersPerEmail: "0" }, /1 to 50/],
    ["weekday 8", { weeklyDay: 8 }, /1 to 7/],
    ["February 30th", { pausedUntil: "2027-02-30" }, /real date/],
    ["a date-time", { pausedUntil: "2027-01-01T00:00:00Z" }, /real date/],
    ["format pdf", { format: "pdf" }, /html or text/],
    ["missed days sometimes", { missedDays: "sometimes" }, /skip or catch_up/],
    ["ranking by hype", { ranking: "hype" }, /trending or momentum/],
  ])("refuses %s", (_name, input, message) => {
    expect(firstMessage(preferencesInputSchema.safeParse(input))).toMatch(message);
  });
});
