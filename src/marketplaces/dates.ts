/** The earliest and latest of some instants, the missing ones left out; null when none is known. */

const known = (dates: readonly (Date | null | undefined)[]): number[] => dates.flatMap((d) => (d ? [d.getTime()] : []));

export function earliest(dates: readonly (Date | null | undefined)[]): Date | null {
  const times = known(dates);
  return times.length ? new Date(Math.min(...times)) : null;
}

export function latest(dates: readonly (Date | null | undefined)[]): Date | null {
  const times = known(dates);
  return times.length ? new Date(Math.max(...times)) : null;
}
