export { createSlackReceiver, SLACK_SCOPES, type SlackReceiver } from './create-slack-receiver.ts';
export { slackDirectSender } from './direct-sender.ts';
export { createInstallationStore, installKeyOf } from './installation-store.ts';
