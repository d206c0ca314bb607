/** One field of every row: a column array, which PostgreSQL `unnest`s back into rows. */
export const column = <T, K extends keyof T>(rows: readonly T[], k: K): Array<T[K]> => rows.map((r) => r[k]);

/** An instant of every row as ISO text (null stays null), for a `timestamptz[]` column. */
export const isoColumn = <T>(rows: readonly T[], instant: (row: T) => Date | null | undefined): Array<string | null> =>
  rows.map((r) => instant(r)?.toISOString() ?? null);
