/** One operator command: `frame <name> …`; `run` returns the exit code. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

export const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** A bad argument: main prints it with the usage line and exits 2. */
export class UsageError extends Error {}
