import { describe, expect, it } from 'vitest';
import { NoticeRunner } from '../../../approvals/runners/notice-runner.js';
import { ApprovalMessengers } from '../../../approvals/workflow/approval-messengers.js';
import type { InMemoryApprovalJobs } from '../../fakes/in-memory-approval-jobs.js';
import { RecordingCardMessenger } from '../../fakes/recording-card-messenger.js';
import { APPROVER_1, createApprovalHarness } from '../../support/approval-harness.js';

describe('the platforms the approval runners reach', () => {
  it('are all registered before the runners start: a later registration is a wiring error', () => {
    const messengers = new ApprovalMessengers();
    messengers.addCards(new RecordingCardMessenger('slack'));
    messengers.seal();

    expect(() => messengers.addCards(new RecordingCardMessenger('teams'))).toThrow(
      /registered after the approval runners started/,
    );
    expect(() => messengers.addChat(new RecordingCardMessenger('teams'))).toThrow(
      /registered after the approval runners started/,
    );
  });

  it('fail a card job for a platform that has no messenger, instead of skipping it', async () => {
    const h = createApprovalHarness();
    const id = await h.request('restart-service service=web because 502s');
    await h.click('approve', id, APPROVER_1);
    const jobs = h.memoryJobs as InMemoryApprovalJobs;
    const notice = jobs.pending('notify')[0];
    if (notice === undefined) {
      throw new Error('no card job was queued');
    }
    // The same workflow, wired without the request's platform.
    const unwired = new ApprovalMessengers([new RecordingCardMessenger('teams')]);
    unwired.seal();
    const runner = new NoticeRunner({ ...h.deps, messengers: unwired });

    await expect(runner.run(id, true, notice.version ?? 0)).rejects.toThrow(
      /No card messenger is registered for slack/,
    );
  });
});
