import { z } from "zod";
import { MAX_EMAIL_INPUT_LENGTH, normaliseEmailAddress } from "./email-address.ts";
import { frequencyField, plainText, sendHourField, timezoneField, topicsField } from "./preference-fields.ts";

// Forms send "" for a field left empty; that means "use the default", as an absent JSON key does.
const optional = <T extends z.ZodType>(field: T) => z.preprocess((value) => (value === "" ? undefined : value), field.optional());

/** A normalised email address (see normaliseEmailAddress), with its problem as the message. */
export const emailAddressField = z
  .string({ error: "Please enter your email address." })
  .max(MAX_EMAIL_INPUT_LENGTH, "An email address can be at most 254 characters long.")
  .transform((value, ctx) => {
    const result = normaliseEmailAddress(value);
    if (result.ok) return result.address;
    ctx.addIssue({ code: "custom", message: result.problem });
    return z.NEVER;
  });

/**
 * What the signup form and POST /subscribe accept. Unknown keys are refused so that a field such
 * as `status` can never be smuggled in. `website` is the honeypot: people never see it.
 */
export const signupInputSchema = z.strictObject(
  {
    email: emailAddressField,
    topics: optional(topicsField),
    timezone: optional(timezoneField),
    sendHour: optional(sendHourField),
    frequency: optional(frequencyField),
    website: optional(plainText(500)),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown field: ${issue.keys.join(", ")}.` : "Expected a form or a JSON object.") },
);
export type SignupInput = z.infer<typeof signupInputSchema>;

/** The reader's choices, defaults filled in (8:00 UTC, daily, weekly readers on Mondays). */
export type Signup = { email: string; topics: string[]; timezone: string; sendHour: number; frequency: "daily" | "weekly"; weeklyDay: number | null };

export function buildSignup(input: SignupInput): Signup {
  const frequency = input.frequency ?? "daily";
  return {
    email: input.email,
    topics: input.topics ?? [],
    timezone: input.timezone ?? "UTC",
    sendHour: input.sendHour ?? 8,
    frequency,
    weeklyDay: frequency === "weekly" ? 1 : null,
  };
}

/** True when a bot filled the field people cannot see. */
export function isHoneypotFilled(input: SignupInput): boolean {
  return input.website !== undefined && input.website.trim() !== "";
}
