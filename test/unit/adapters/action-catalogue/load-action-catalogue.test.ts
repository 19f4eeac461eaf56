import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadActionCatalogue,
  parseActionCatalogue,
} from '../../../../adapters/action-catalogue/load-action-catalogue.js';
import { createWebhookExecutorFactory } from '../../../../adapters/webhook/webhook-executor-factory.js';
import { ConfigError } from '../../../../src/errors.js';
import { FixedClock } from '../../../fakes/fixed-clock.js';

const SECRET = 's'.repeat(32);
const executors = (env: Record<string, string> = {}) => ({
  webhook: createWebhookExecutorFactory({ env, defaultSigningSecret: SECRET, clock: new FixedClock() }),
});

function problemsOf(text: string, env: Record<string, string> = {}): readonly string[] {
  try {
    parseActionCatalogue(text, 'actions.yaml', executors(env));
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems;
    }
    throw error;
  }
  throw new Error('the catalogue was accepted');
}

describe('the action catalogue', () => {
  it('loads the shipped example with defaults applied', async () => {
    const catalogue = await loadActionCatalogue({
      file: resolve(import.meta.dirname, '../../../../docs/examples/actions.yaml'),
      executors: executors(),
    });

    expect(catalogue.list().map((action) => action.id)).toEqual([
      'restart-service',
      'grant-repo-access',
      'reset-mfa',
      'open-it-ticket',
    ]);
    const restart = catalogue.get('restart-service');
    expect(restart).toMatchObject({ risk: 'medium', quorum: 1, expiryHours: 4, maxAttempts: 5 });
    expect(restart?.executor.describe()).toBe(
      'POST https://ops.example.com/hooks/services/{{ parameters.service }}/restart',
    );
    expect(catalogue.get('open-it-ticket')).toMatchObject({ risk: 'low', quorum: 0, expiryHours: 24 });
    expect(catalogue.get('grant-repo-access')?.quorum).toBe(2);
    expect(catalogue.get('nope')).toBeUndefined();
  });

  it('types chat values by the schema, fills defaults and refuses what the schema refuses', () => {
    const catalogue = parseActionCatalogue(
      `
actions:
  - id: scale
    title: Scale a service
    description: Changes the number of replicas.
    risk: low
    parameters:
      type: object
      required: [service, replicas]
      properties:
        service: { type: string, enum: [web, api] }
        replicas: { type: integer, minimum: 1, maximum: 20 }
        dryRun: { type: boolean, default: false }
    executor: { type: webhook, url: "https://ops.example.com/scale" }
`,
      'actions.yaml',
      executors(),
    );
    const scale = catalogue.get('scale');

    expect(scale?.checkParameters({ service: 'web', replicas: '3' })).toEqual({
      ok: true,
      parameters: { service: 'web', replicas: 3, dryRun: false },
    });
    const refused = scale?.checkParameters({ service: 'db', replicas: '30', colour: 'red' });
    expect(refused).toMatchObject({ ok: false, missing: [] });
    expect(refused && !refused.ok ? refused.problems : []).toEqual(
      expect.arrayContaining([
        '`colour` is not a parameter of this action.',
        '`service` must be one of: web, api.',
        '`replicas` must be <= 20.',
      ]),
    );
    expect(scale?.checkParameters({ service: 'web' })).toMatchObject({ ok: false, missing: ['replicas'] });
    expect(scale?.parameters).toEqual([
      { name: 'service', required: true, choices: ['web', 'api'] },
      { name: 'replicas', required: true },
      { name: 'dryRun', required: false },
    ]);
  });

  it('lists every problem of an invalid catalogue at once, each with its place', () => {
    const problems = problemsOf(`
actions:
  - id: Bad Id
    title: ""
    description: x
    risk: extreme
    executor: { type: webhook, url: "https://x.example.com" }
  - id: restart
    title: Restart
    description: Restarts
    risk: high
    quorum: 0
    parameters: { type: object, properties: { a: { type: strung } } }
    executor: { type: ftp }
  - id: restart
    title: Restart again
    description: Restarts
    risk: medium
    executor:
      type: webhook
      url: "ftp://nowhere"
      headers: { Content-Type: text/plain, X-Token: "\${PLAIN}" }
      secretHeaders: { Authorization: "Bearer \${OPS_TOKEN}" }
      body: { who: "{{ parameters.nobody }}" }
`);

    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^actions\.yaml: actions\[0\]\.id: must be lower-case/),
        expect.stringMatching(/^actions\.yaml: actions\[0\]\.title:/),
        expect.stringMatching(/^actions\.yaml: actions\[0\]\.risk:/),
        expect.stringMatching(
          /^actions\.yaml: actions\[1\]\.quorum: a high-risk action needs at least one approver/,
        ),
        expect.stringMatching(/^actions\.yaml: actions\[2\] \(restart\)\.id: the id restart is used twice/),
        expect.stringMatching(/actions\[2\] \(restart\)\.executor\.url: must be an http or https URL/),
        expect.stringMatching(/executor\.body: \{\{ parameters\.nobody \}\} names no parameter/),
        expect.stringMatching(
          /executor\.secretHeaders\.Authorization: environment variable OPS_TOKEN is not set/,
        ),
        expect.stringMatching(
          /executor\.headers\.X-Token: put values from the environment under secretHeaders/,
        ),
        expect.stringMatching(/executor\.headers\.content-type: Steward sets this header itself/),
      ]),
    );
    expect(problems.length).toBeGreaterThanOrEqual(10);
  });

  it('reports an invalid parameter schema and an unknown executor type', () => {
    const problems = problemsOf(`
actions:
  - id: restart
    title: Restart
    description: Restarts
    risk: medium
    parameters: { type: object, properties: { a: { type: strung } } }
    executor: { type: ftp }
`);
    expect(problems).toEqual([
      expect.stringMatching(/actions\[0\] \(restart\)\.parameters: schema is invalid: .*properties\/a\/type/),
      expect.stringMatching(
        /actions\[0\] \(restart\)\.executor\.type: unknown executor "ftp"; known: webhook/,
      ),
    ]);
  });

  it('reports YAML syntax errors and a missing file clearly', async () => {
    expect(problemsOf('actions:\n  - id: [unclosed\n')[0]).toMatch(/^actions\.yaml: /);
    expect(problemsOf('actions:\n  - id: a\n    id: b\n')[0]).toMatch(/^actions\.yaml: .*(unique|Map keys)/i);
    await expect(
      loadActionCatalogue({ file: '/nonexistent/actions.yaml', executors: executors() }),
    ).rejects.toMatchObject({
      problems: ['ACTIONS_FILE: cannot read /nonexistent/actions.yaml'],
    });
  });

  it('refuses an action signing secret shorter than 32 characters', () => {
    const problems = problemsOf(
      `
actions:
  - id: ping
    title: Ping
    description: Pings
    risk: low
    executor:
      type: webhook
      url: "https://ops.example.com/ping"
      signingSecret: "\${PING_SIGNING_SECRET}"
`,
      { PING_SIGNING_SECRET: 'short' },
    );
    expect(problems).toEqual([
      'actions.yaml: actions[0] (ping).executor.signingSecret: must be at least 32 characters',
    ]);
  });
});
