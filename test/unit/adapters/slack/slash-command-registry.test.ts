import { describe, expect, it } from 'vitest';
import {
  SlashCommandRegistry,
  type SlashSubcommand,
} from '../../../../adapters/slack/slash/slash-command-registry.js';

const entry = (name: string, aliases?: string[]): SlashSubcommand => ({
  name,
  ...(aliases ? { aliases } : {}),
  usage: name,
  description: `${name} things`,
  run: () => Promise.resolve(),
});

describe('the /steward subcommand registry', () => {
  const registry = new SlashCommandRegistry()
    .register(entry('ask'))
    .register(entry('forget'))
    .register(entry('help', ['?']));

  it('routes a subcommand by name or alias, case aside, keeping the rest of the text as typed', () => {
    expect(registry.resolve('ASK  How do I\nreset it?')).toMatchObject({
      kind: 'subcommand',
      args: 'How do I\nreset it?',
    });
    expect(registry.resolve('?')).toMatchObject({ kind: 'subcommand', subcommand: { name: 'help' } });
  });

  it('shows help for nothing, asks for a sentence, and names an unknown single word', () => {
    expect(registry.resolve('  ')).toEqual({ kind: 'help' });
    expect(registry.resolve('how do I reset my password?')).toMatchObject({
      kind: 'subcommand',
      subcommand: { name: 'ask' },
      args: 'how do I reset my password?',
    });
    expect(registry.resolve('deploy')).toEqual({ kind: 'unknown', word: 'deploy' });
  });

  it('lets another feature add its subcommand, and refuses a name taken twice', () => {
    const extended = new SlashCommandRegistry()
      .register(entry('ask'))
      .register(entry('approvals', ['approval']));
    expect(extended.resolve('approval list')).toMatchObject({
      subcommand: { name: 'approvals' },
      args: 'list',
    });
    expect(extended.list().map((e) => e.name)).toEqual(['ask', 'approvals']);
    expect(() => extended.register(entry('approval'))).toThrow(/registered twice/);
  });
});
