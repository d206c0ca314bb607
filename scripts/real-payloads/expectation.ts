/**
 * What a careful reader of a real API response expects our connector to make of it, beside what
 * the connector made. Each marketplace's check (scripts/real-payloads/<marketplace>.ts) reads the
 * responses in the real-payloads folder (../shared/real-payloads, outside this repository: they
 * are never copied into it) and returns its expectations; scripts/check-real-payloads.ts prints them.
 */
export interface Expectation {
  /** the response file, relative to its marketplace's folder */
  file: string;
  /** what is compared, e.g. "order 100: totalAmount" */
  what: string;
  expected: unknown;
  actual: unknown;
}

/** Reads `<dir>/<file>` and checks it; a response the connector rejects throws, naming the record. */
export type PayloadCheck = (dir: string) => Promise<Expectation[]> | Expectation[];
