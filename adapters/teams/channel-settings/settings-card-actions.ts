import type { AdminRefusal } from '../../../src/admin/admin-use-cases.js';
import { openSettingsForm, saveSettingsForm } from '../../../src/admin/settings-form/form-flow.js';
import type { Logger } from '../../../src/logger.js';
import type { InboundActivity } from '../activity-schema.js';
import type { CardAction } from '../card-actions/card-action-router.js';
import {
  badRequest,
  messageOnly,
  refreshedCard,
  type AdaptiveCardInvokeResponse,
} from '../card-actions/invoke-responses.js';
import type { ChannelSettingsAdmin } from '../core-use-cases.js';
import { placeOf, settingsChannelOf, teamsActorOf } from '../admin-context.js';
import {
  noticeCard,
  SETTINGS_OPEN_VERB,
  SETTINGS_SAVE_VERB,
  settingsFormCard,
  type SettingsFormView,
  readSubmission,
  storedSettingsView,
} from './settings-card.js';
import { TEAMS_FORM } from './teams-form-dialect.js';

/*
 * The settings card's buttons. Both act on the channel (or chat) the authenticated invoke came
 * from and on behalf of the Teams user who clicked, named by their Entra object id; the admin use
 * cases decide whether that person is an admin, and audit a refusal. Nothing in the card's data
 * says where: a card edited to name another channel still edits only the one it is in.
 */

/** Opens or reloads the form; Teams also calls it to refresh the requesting admin's view of the card. */
export function openSettingsAction(admin: ChannelSettingsAdmin): CardAction {
  return {
    verb: SETTINGS_OPEN_VERB,
    async handle(activity: InboundActivity, _data, logger) {
      const { actor, channel, place, show } = formContext(activity);
      const opening = await openSettingsForm(admin, actor, channel, TEAMS_FORM);
      return opening.ok
        ? show(storedSettingsView(opening.editable))
        : refused(opening.refusal, place, logger);
    },
  };
}

/**
 * Saves the form as the channel's complete settings, provided nobody saved since the form was
 * opened. A refused save changes nothing and shows the form again as the admin typed it, with
 * each problem under its input.
 */
export function saveSettingsAction(admin: ChannelSettingsAdmin): CardAction {
  return {
    verb: SETTINGS_SAVE_VERB,
    async handle(activity: InboundActivity, data, logger) {
      const submission = readSubmission(data);
      if (submission === undefined) {
        logger.warn({ reason: 'malformed settings form' }, 'teams card action rejected');
        return badRequest('This form sent something I do not understand. Reload the settings and try again.');
      }
      const { actor, channel, place, show } = formContext(activity);
      const outcome = await saveSettingsForm(admin, actor, channel, TEAMS_FORM, submission);
      switch (outcome.kind) {
        case 'saved':
          return show({
            ...storedSettingsView(outcome.saved),
            banner: outcome.changed
              ? {
                  text: `Saved as version ${outcome.saved.version}. Steward uses them from the next message.`,
                  tone: 'good',
                }
              : { text: 'Nothing to save: these already are the settings.', tone: 'accent' },
          });
        case 'invalid':
          logger.info({ problems: outcome.problems.length }, 'teams settings form refused');
          return show({
            ...submission,
            problems: outcome.problems,
            banner: {
              text: `${outcome.message} Fix what is marked below, then save again.`,
              tone: 'attention',
            },
          });
        case 'refused':
          return refused(outcome.refusal, place, logger);
      }
    },
  };
}

/** Who acts where, and the form shown to them there (their view of the card refreshes by itself). */
function formContext(activity: InboundActivity) {
  const { channel, scope } = settingsChannelOf(activity);
  const place = placeOf(scope);
  const show = (view: Omit<SettingsFormView, 'place' | 'viewer'>) =>
    refreshedCard(settingsFormCard({ ...view, place, viewer: activity.from.id }));
  return { actor: teamsActorOf(activity), channel, place, show };
}

function refused(refusal: AdminRefusal, place: string, logger: Logger): AdaptiveCardInvokeResponse {
  logger.info({ code: refusal.code }, 'teams settings form refused');
  switch (refusal.code) {
    case 'FORBIDDEN':
      // No settings, and no refresh that could show them.
      return refreshedCard(noticeCard(place, refusal.message));
    case 'VERSION_CONFLICT':
      // Someone saved since this form was opened: nothing was saved, and the admin reopens.
      return refreshedCard(noticeCard(place, refusal.message, 'Reopen with the latest settings'));
    case 'INVALID':
    case 'NOT_FOUND':
      return messageOnly(refusal.message);
  }
}
