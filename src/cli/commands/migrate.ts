import { parseArgs } from 'node:util';
import { getConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { type Command, printJson } from '../command.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  usage: 'migrate [--json]',
  summary: 'apply pending migrations to DATABASE_URL or the embedded database',
  options: ['--json          what was applied, as JSON'],
  async run(args) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
    const database = await openDatabase(getConfig());
    try {
      const result = await migrate(database.url, {
        log: values.json ? undefined : (msg) => process.stdout.write(`${msg}\n`),
      });
      if (values.json) printJson({ ...result, embedded: database.embedded });
      else process.stdout.write(`${result.applied.length} applied, ${result.alreadyApplied.length} already applied\n`);
      return 0;
    } finally {
      await database.stop();
    }
  },
};
