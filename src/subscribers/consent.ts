/**
 * The words a reader agrees to on the signup page, by version. Proof of consent (GDPR Art. 7(1))
 * stores the version with each signup, so a version's text never changes: reword by adding a
 * new version and pointing CURRENT_CONSENT at it.
 */
const CONSENT_WORDINGS: Readonly<Record<string, string>> = Object.freeze({
  "2026-11-24":
    "By subscribing you ask paperwire to email you the research papers trending on Hugging Face Daily Papers, " +
    "once a day or once a week as you choose, at the hour you choose. We keep your address, your settings and " +
    "a record of this consent (time, IP address, browser) and nothing else. Every email has a one-click " +
    "unsubscribe link, and signups that are not confirmed are deleted after a few days.",
});

/** The wording shown with the signup form today. */
export const CURRENT_CONSENT = Object.freeze({ version: "2026-11-24", text: CONSENT_WORDINGS["2026-11-24"]! });
