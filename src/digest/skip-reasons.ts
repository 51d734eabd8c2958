/** Why a due reader got no email, as the ledger records it (deliveries.skip_reason). */
export type SkipReasonCode = "paused" | "nothing_new" | "no_papers" | "not_weekly_day" | "bounced" | "unsubscribed" | "complained" | "pending";

/** The reader-facing sentence for a skip reason; unknown codes read as a plain "no email". */
export function describeSkipReason(code: string | null, hasTopics: boolean): string {
  switch (code) {
    case "paused": return "Paused, as you asked.";
    case "nothing_new": return hasTopics ? "Nothing new matched your topics." : "No new trending papers that day.";
    case "no_papers": return "No papers at all that day.";
    case "not_weekly_day": return "Not your weekly day.";
    case "bounced": return "Your address bounced, so we stopped sending.";
    case "unsubscribed": return "You were unsubscribed.";
    default: return "No email.";
  }
}
