import { ConfigError } from '../config.ts';
import { AppError } from '../errors.ts';
import { type Command, UsageError } from './command.ts';
import { ask } from './commands/ask.ts';
import { chat } from './commands/chat.ts';
import { demo } from './commands/demo.ts';
import { digest } from './commands/digest.ts';
import { doctor } from './commands/doctor.ts';
import { migrateCommand } from './commands/migrate.ts';
import { sandbox } from './commands/sandbox.ts';
import { sync } from './commands/sync.ts';

const COMMANDS: Command[] = [migrateCommand, doctor, sandbox, sync, ask, digest, chat, demo];

export const EXIT_CODES = [
  '  0  done',
  '  1  it ran and something failed (a sync, a check, a message not sent), or the configuration is wrong',
  '  2  the command line is wrong (unknown command or option, a missing or bad argument)',
].join('\n');

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: frame <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    '"frame <command> --help" shows a command\'s options.',
    '',
    'exit codes:',
    EXIT_CODES,
  ].join('\n');
}

const commandHelp = (c: Command) =>
  [
    `usage: frame ${c.usage}`,
    '',
    c.summary,
    '',
    'options:',
    ...c.options.map((o) => `  ${o}`),
    '',
    'exit codes:',
    EXIT_CODES,
  ].join('\n');

/** Node's parseArgs messages, as a person reads them. */
function argumentError(err: Error): string {
  const unknown = /Unknown option '([^']+)'/.exec(err.message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const value = /Option '([^']+)' argument missing/.exec(err.message);
  return value ? `${value[1]} needs a value` : err.message;
}

const [name, ...args] = process.argv.slice(2);
if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
  const about = name === 'help' && args[0] ? COMMANDS.find((c) => c.name === args[0]) : undefined;
  process.stdout.write(`${about ? commandHelp(about) : usage()}\n`);
  process.exit(name === undefined ? 2 : 0);
}
const command = COMMANDS.find((c) => c.name === name);
if (!command) {
  process.stderr.write(`frame: unknown command "${name}"\n\n${usage()}\n`);
  process.exit(2);
}
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${commandHelp(command)}\n`);
  process.exit(0);
}
try {
  process.exitCode = await command.run(args);
} catch (err) {
  if (err instanceof ConfigError || err instanceof AppError) {
    process.stderr.write(`frame ${command.name}: ${err.message}\n`);
    process.exitCode = 1;
  } else if (
    err instanceof UsageError ||
    (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
  ) {
    const message = err instanceof UsageError ? err.message : argumentError(err as Error);
    process.stderr.write(
      `frame ${command.name}: ${message}\nusage: frame ${command.usage}\n"frame ${command.name} --help" lists its options.\n`,
    );
    process.exitCode = 2;
  } else {
    throw err;
  }
}
