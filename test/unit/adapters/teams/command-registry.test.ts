import { describe, expect, it } from 'vitest';
import { builtInCommands, helpText } from '../../../../adapters/teams/commands/built-in-commands.js';
import { CommandRegistry, type TeamsCommand } from '../../../../adapters/teams/commands/command-registry.js';

const unused = () => Promise.reject(new Error('not run in this test'));
const approvals: TeamsCommand = {
  name: 'approvals',
  description: 'List requests waiting for you',
  scopes: ['personal'],
  run: unused,
};
const run: TeamsCommand = {
  name: 'run',
  description: 'Request an action',
  takesArguments: true,
  run: unused,
};

describe('the Teams command registry', () => {
  const registry = new CommandRegistry([...builtInCommands, approvals, run]);

  it('matches exact command phrases only, so questions are never taken for commands', () => {
    expect(registry.match('Help!', 'channel')?.command.name).toBe('help');
    expect(registry.match(' /forget this thread. ', 'channel')?.command.name).toBe('forget');
    expect(registry.match('?', 'personal')?.command.name).toBe('help');
    expect(registry.match('how do I reset a forgotten password?', 'personal')).toBeUndefined();
    expect(registry.match('forget my password', 'personal')).toBeUndefined();
  });

  it('passes the rest of the text to commands that take arguments', () => {
    expect(registry.match('run  restart-vpn --region eu', 'channel')).toMatchObject({
      command: run,
      args: 'restart-vpn --region eu',
    });
    expect(registry.match('running late', 'channel')).toBeUndefined();
  });

  it('offers a command only in its scopes, and lists each scope’s commands in help', () => {
    expect(registry.match('approvals', 'channel')).toBeUndefined();
    expect(registry.match('approvals', 'personal')?.command).toBe(approvals);
    expect(helpText('personal', registry.list('personal'))).toContain(
      '- **approvals**: List requests waiting for you',
    );
    expect(helpText('channel', registry.list('channel'))).not.toContain('approvals');
    expect(helpText('channel', registry.list('channel'))).toMatch(/^I answer questions[\s\S]*Mention me/);
  });

  it('offers config everywhere, as config or settings, and lists it in help', () => {
    for (const scope of ['personal', 'groupChat', 'channel'] as const) {
      expect(registry.match('config', scope)?.command.name).toBe('config');
      expect(registry.match('/Settings', scope)?.command.name).toBe('config');
    }
    expect(registry.match('config the vpn for me', 'channel')).toBeUndefined();
    expect(helpText('channel', registry.list('channel'))).toContain('- **config**: Admins:');
  });

  it('refuses names Teams cannot show and phrases another command already uses', () => {
    expect(() => registry.register({ ...approvals, name: 'Approve All' })).toThrow(/lower-case/);
    expect(() => registry.register({ ...approvals, name: 'status', description: 'x'.repeat(129) })).toThrow(
      /1-128/,
    );
    expect(() => registry.register({ ...approvals, name: 'wipe', aliases: ['forget this'] })).toThrow(
      /already used by "forget"/,
    );
  });
});
