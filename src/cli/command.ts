/** One operator command: `frame <name> …`; `run` returns the exit code. */
export interface Command {
  name: string;
  usage: string;
  /** one line for `frame --help` */
  summary: string;
  /** what `frame <name> --help` adds: the options, one per line */
  options: string[];
  run(args: string[]): Promise<number>;
}

export const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** A bad argument: main prints it with the usage line and exits 2. */
export class UsageError extends Error {}
