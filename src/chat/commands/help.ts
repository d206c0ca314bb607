import { MARKETPLACE_KEYS, MARKETPLACE_NAMES } from '../../marketplaces/registry.ts';
import { HELP } from '../answer-question.ts';
import { listJoin } from '../tools/format.ts';
import { ALL_MARKETPLACES, type CommandReply } from './types.ts';

export const COMMANDS = [
  'Commands:',
  `• connect <marketplace>: a private link to connect ${listJoin(
    MARKETPLACE_KEYS.map((m) => MARKETPLACE_NAMES[m]),
    'or',
  )}`,
  '• status: your marketplaces, how fresh their data is, and what needs attention',
  '• disconnect <marketplace> [keep|purge]: stop syncing one, keeping or deleting its data',
  "• digest daily [time] [zone] / pause / resume / off / list: yesterday's sales posted here every day (default 09:00 in your time zone)",
  '• link: a code to use the bot from WhatsApp too (send the code from there)',
  '• help: this message',
].join('\n');

/** "help": example questions and the commands. */
export function runHelp(): CommandReply {
  return { text: `${HELP}\n\n${COMMANDS}`, connectButtons: [...ALL_MARKETPLACES] };
}
