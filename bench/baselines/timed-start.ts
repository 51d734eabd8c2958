/** What a baseline script prints on its own line when its timed part begins. */
export const TIMED_START = "bench:timed-start";
