/**
 * Identifiers Slack echoes back in interaction payloads. They are part of the app's contract
 * with messages already posted: renaming one orphans the buttons and shortcuts in old messages.
 */
export const SLACK_IDS = {
  feedbackBlock: 'steward_feedback',
  feedbackUp: 'steward_feedback_up',
  feedbackDown: 'steward_feedback_down',
  shareAnswer: 'steward_share_answer',
  /** Message shortcut ("..." menu on a message): slash commands cannot be used inside threads. */
  forgetThreadShortcut: 'steward_forget_thread',
  /** The channel settings modal (`/steward config`). */
  settingsView: 'steward_channel_settings',
  /** User-group pickers in the settings modal: Slack asks for their options as the admin types. */
  userGroupPicker: 'steward_user_groups',
  /** Home tab: edit one channel's settings. */
  homeEditChannel: 'steward_home_edit_channel',
  /** Home tab: another page of configured channels. */
  homeChannelsPage: 'steward_home_channels_page',
  /** Home tab: a link button (Slack reports the click; nothing to do). */
  homeOpenLink: 'steward_home_open_link',
} as const;

/** Slack's documented limits that shape how messages are built. */
export const SLACK_LIMITS = {
  /** Characters in one section block's text. */
  sectionText: 3000,
  /**
   * Characters of answer text per message. chat.update refuses text over 4,000 characters
   * (msg_too_long), and a message longer than a screen reads badly; longer answers continue in
   * the next message of the thread.
   */
  messageText: 3800,
  /** Elements in one context block. */
  contextElements: 10,
} as const;
