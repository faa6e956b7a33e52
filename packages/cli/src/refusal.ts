/**
 * The command cannot go ahead, for a reason the person can act on (Mosaic already runs on that data dir):
 * printed as one line without "failed", exit code 1.
 */
export class Refusal extends Error {}
