import { describe, expect, it } from 'vitest';
import { teamsAnswerJobs, type TeamsAnswerJobsDeps } from '../../../../adapters/teams/answer-jobs.js';
import type { StoredReference } from '../../../../adapters/teams/conversation-references.js';
import type { OutgoingMessage } from '../../../../adapters/teams/render/reply-activities.js';
import type { AnswerJob, AnswerJobControl } from '../../../../src/ports/answer-queue.js';
import { buildMessage, buildRef } from '../../../support/builders.js';
import { createCoreHarness } from '../../../support/core-harness.js';

const REFERENCE: StoredReference = {
  channelId: 'msteams',
  serviceUrl: 'https://smba.example.test/emea/',
  conversation: { id: 'a:personal-chat' },
  bot: { id: '28:steward' },
};

/** What the worker sent to Teams, in order: "typing…", new messages and updates of earlier ones. */
function recordingOutbound() {
  const events: string[] = [];
  let nextId = 0;
  const outbound: TeamsAnswerJobsDeps['outbound'] = {
    typing: () => {
      events.push('typing');
      return Promise.resolve();
    },
    send: (_destination, messages: readonly OutgoingMessage[]) => {
      events.push(...messages.map(() => 'send'));
      return Promise.resolve(messages.map(() => `activity-${(nextId += 1)}`));
    },
    update: () => {
      events.push('update');
      return Promise.resolve();
    },
  };
  return { outbound, events };
}

/** One progress message per job across its runs, as the queue keeps it. */
function jobControl() {
  let handle: string | undefined;
  return (attempt: number): AnswerJobControl => ({
    attempt,
    throttled: 0,
    progressMessage: async (post) => (handle ??= await post()),
  });
}

function questionJob(organisation?: 'external'): AnswerJob {
  const message = buildMessage({
    ref: buildRef({ platform: 'teams', channelId: 'a:personal-chat', threadId: 'a:personal-chat' }),
    author: { id: '29:asker', name: 'Asker', ...(organisation !== undefined ? { organisation } : {}) },
    text: 'What is the travel policy?',
  });
  return {
    message,
    intent: { kind: 'ask' },
    destination: {
      platform: 'teams',
      conversationKey: 'teams#personal',
      conversationId: 'a:personal-chat',
      replyToId: message.eventId,
      scope: 'personal',
      addressed: true,
    },
    enqueuedAt: new Date('2031-01-15T09:00:00.000Z'),
    admission: 'worker',
  };
}

function answerJobsOver(core: ReturnType<typeof createCoreHarness>) {
  const { outbound, events } = recordingOutbound();
  const jobs = teamsAnswerJobs({
    dispatcher: core.dispatcher,
    references: { at: () => Promise.resolve(REFERENCE) },
    outbound,
    logger: core.logger,
  });
  return { jobs, events };
}

describe('Teams answer jobs in the worker', () => {
  it('shows "typing…" for an admitted question, before its answer', async () => {
    const { jobs, events } = answerJobsOver(createCoreHarness());
    await jobs.run(questionJob(), jobControl()(1));
    expect(events[0]).toBe('typing');
    expect(events).toContain('send');
  });

  it('shows a refused question its refusal with no "typing…" first', async () => {
    const { jobs, events } = answerJobsOver(createCoreHarness());
    await jobs.run(questionJob('external'), jobControl()(1));
    expect(events).toEqual(['send']);
  });

  it('shows a refusal once when the job runs again', async () => {
    const { jobs, events } = answerJobsOver(createCoreHarness());
    const job = questionJob('external');
    const control = jobControl();
    await jobs.run(job, control(1));
    await jobs.run(job, control(2));
    expect(events).toEqual(['send']);
  });
});
