/**
 * The automatic quality's numbers, one copy for the server (options, search) and the page
 * (settings, links). All are SSIMULACRA2 scores.
 */

/** The score automatic quality aims for when the caller names none: no difference visible side by side. */
export const DEFAULT_TARGET = 80;

/** The range of targets the API accepts. */
export const TARGET_MIN = 30;
export const TARGET_MAX = 95;

/** The targets the page offers, best first. */
export const TARGETS = [90, 80, 70] as const;

/** maxBytes: never below this score to fit a size cap (an answer that does not reach it is refused). */
export const FLOOR_SCORE = 50;
