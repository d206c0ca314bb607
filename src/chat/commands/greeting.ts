import { HELP } from '../answer-question.ts';
import { ALL_MARKETPLACES, type CommandReply } from './types.ts';

/** First contact: what the bot does, what to ask, and a connect button per marketplace. */
export function greeting(name: string): CommandReply {
  return {
    text: [
      `Hi ${name}! I'm Frame. I keep your marketplace orders and products in one place and answer questions about them here, with charts.`,
      HELP,
      '',
      'Start by connecting a marketplace (or send "help" for all commands):',
    ].join('\n'),
    connectButtons: [...ALL_MARKETPLACES],
  };
}
