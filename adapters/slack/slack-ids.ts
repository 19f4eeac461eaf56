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
