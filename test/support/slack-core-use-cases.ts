import type { SlackUseCases } from '../../adapters/slack/slack-context.js';
import { createRecordFeedbackHandler } from '../../handlers/record-feedback.js';
import { createShareAnswerHandler } from '../../handlers/share-answer.js';
import { channelKeyOf } from '../../src/channels/channel-key.js';
import type { createCoreHarness } from './core-harness.js';

/**
 * The Slack adapter's use cases over a core harness, wired as the composition root wires them;
 * a test overrides the ones it watches.
 */
export function slackUseCasesOver(core: ReturnType<typeof createCoreHarness>): SlackUseCases {
  return {
    dispatch: (message, options) => core.dispatcher.dispatch(message, options),
    admit: (message, options) => core.dispatcher.admit(message, options),
    answer: (message, intent, options) => core.dispatcher.answer(message, intent, options),
    isParticipant: (ref) => core.conversations.isParticipant(ref),
    recordFeedback: createRecordFeedbackHandler(core.conversations),
    shareAnswer: createShareAnswerHandler({ store: core.store, ledger: core.ledger, clock: core.clock }),
    refuseOutsider: ({ ref, userId, organisation, attempted }, log) =>
      core.externalUsers.refuseInteraction(
        { platform: ref.platform, userId, organisation, channel: channelKeyOf(ref), attempted },
        log,
      ),
  };
}
