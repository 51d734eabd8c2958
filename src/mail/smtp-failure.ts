/** How a failed submission should be treated. */
export type SmtpFailureKind = "temporary" | "permanent";

/**
 * Classifies an error from Nodemailer. A 5xx reply to the recipient or the message is permanent
 * (RFC 5321 §4.2.1): retrying cannot help and the address must be suppressed. A 4xx reply, a
 * refused or dropped connection and a timeout are temporary: retry with backoff.
 */
export function classifySmtpFailure(error: unknown): SmtpFailureKind {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  if (typeof code === "number" && code >= 500 && code < 600) return "permanent";
  return "temporary";
}

/** A short, address-free description of a failure for the ledger and logs. */
export function describeSmtpFailure(error: unknown): string {
  const e = error as { responseCode?: number; code?: string; response?: string; message?: string } | null;
  const parts = [e?.responseCode, e?.code, (e?.response ?? e?.message ?? String(error)).slice(0, 300)];
  // Servers quote the recipient in their reply; keep addresses out of the ledger and logs.
  return parts.filter((p) => p !== undefined && p !== "").join(" ").replace(/[^\s<>@]+@[^\s<>@]+/g, "<address>");
}
