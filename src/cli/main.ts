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

function usage(): string {
  return ['usage: frame <command> [options]', '', ...COMMANDS.map((c) => `  ${c.usage.padEnd(34)} ${c.summary}`)].join(
    '\n',
  );
}

const [name, ...args] = process.argv.slice(2);
const command = COMMANDS.find((c) => c.name === name);
if (!command || name === 'help' || name === '--help') {
  process.stdout.write(`${usage()}\n`);
  process.exit(command || name === 'help' || name === '--help' ? 0 : 2);
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
    process.stderr.write(`frame ${command.name}: ${err.message}\nusage: frame ${command.usage}\n`);
    process.exitCode = 2;
  } else {
    throw err;
  }
}
