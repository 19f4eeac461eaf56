import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HANDLED_EVENT_TYPES } from '../../../../adapters/slack/listeners/event-filter.js';
import { SLACK_EVENTS_PATH } from '../../../../adapters/slack/slack-adapter.js';
import { SLACK_IDS } from '../../../../adapters/slack/slack-ids.js';

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    assistant_view?: unknown;
    shortcuts: { callback_id: string; type: string; description: string }[];
    slash_commands: { command: string; url?: string; usage_hint?: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string; message_menu_options_url?: string };
    socket_mode_enabled: boolean;
  };
}

const load = (name: string) =>
  parse(readFileSync(resolve(import.meta.dirname, '../../../../adapters/slack/app-manifest', name), 'utf8')) as Manifest;

describe('the Slack app manifests', () => {
  const http = load('manifest.yaml');
  const socket = load('manifest.socket-mode.yaml');

  it('send events, interactivity and the command to the one route the service serves', () => {
    const urls = [
      http.settings.event_subscriptions.request_url,
      http.settings.interactivity.request_url,
      http.settings.interactivity.message_menu_options_url,
      ...http.features.slash_commands.map((command) => command.url),
    ];
    expect(urls.every((url) => url !== undefined && new URL(url).pathname === SLACK_EVENTS_PATH)).toBe(true);
    expect(http.settings.socket_mode_enabled).toBe(false);
  });

  it('subscribe to exactly the events the app listens for', () => {
    for (const manifest of [http, socket]) {
      const subscribed = new Set(
        manifest.settings.event_subscriptions.bot_events.map((event) =>
          event.replace(/^message\..*/, 'message'),
        ),
      );
      expect([...subscribed].sort()).toEqual([...HANDLED_EVENT_TYPES].sort());
    }
  });

  it('grant the scopes the features need, and no more', () => {
    for (const manifest of [http, socket]) {
      expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
        [
          'app_mentions:read',
          'assistant:write',
          'channels:history',
          'chat:write',
          'commands',
          'groups:history',
          'im:history',
          'mpim:history',
          'usergroups:read',
        ].sort(),
      );
    }
  });

  it('offer the forget shortcut under the id the app handles, and the assistant pane', () => {
    for (const manifest of [http, socket]) {
      expect(manifest.features.shortcuts).toContainEqual(
        expect.objectContaining({ type: 'message', callback_id: SLACK_IDS.forgetThreadShortcut }),
      );
      expect(manifest.features.shortcuts.every((shortcut) => shortcut.description.length <= 80)).toBe(true);
      expect(manifest.features.assistant_view).toBeDefined();
      expect(manifest.features.slash_commands.map((command) => command.command)).toEqual(['/steward']);
    }
  });

  it('show the Home tab the app publishes, next to the messages tab', () => {
    for (const manifest of [http, socket]) {
      expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
      expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    }
  });

  it('deliver button clicks and modal submissions, which approval cards need, and name the approval commands', () => {
    for (const manifest of [http, socket]) {
      expect(manifest.settings.interactivity.is_enabled).toBe(true);
      const [steward] = manifest.features.slash_commands;
      for (const subcommand of ['ask', 'run', 'approvals', 'forget', 'help']) {
        expect(steward?.usage_hint?.split('|').map((part) => part.trim().split(' ')[0])).toContain(
          subcommand,
        );
      }
    }
  });

  it('in Socket Mode need no public URL', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.settings.event_subscriptions.request_url).toBeUndefined();
    expect(socket.settings.interactivity.request_url).toBeUndefined();
    expect(socket.settings.interactivity.message_menu_options_url).toBeUndefined();
    expect(socket.features.slash_commands.every((command) => command.url === undefined)).toBe(true);
  });
});
