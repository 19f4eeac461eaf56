import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseAppConfig } from '../../src/config/app-config.js';
import { AWS_SDK_VARIABLES, configVariableNames } from '../support/config-variables.js';

/*
 * No container runtime runs on the build machines, so the Dockerfile and compose.yaml are checked
 * as text: their roles, ports and environment must agree with the code and its config schema.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { disable?: boolean; test?: string[] };
  depends_on?: Record<string, unknown>;
}
const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;
const steward = { web: services.web, worker: services.worker };

/** `${NAME:?message}` as compose substitutes it when NAME is set. */
function substituted(environment: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [
      name,
      value.replace(/\$\{([A-Z_]+):\?[^}]*\}/g, () => 'a-local-signing-secret-of-32-characters'),
    ]),
  );
}

const dockerfile = read('Dockerfile');
const packageJson = JSON.parse(read('package.json')) as { engines: { node: string } };

/** The entry script a `node ... dist/<path>.js` command runs, mapped back to its TypeScript source. */
function sourceOf(command: readonly string[] | undefined): string {
  const script = command?.find((part) => part.startsWith('dist/'));
  expect(script, JSON.stringify(command)).toBeDefined();
  return (script ?? '').replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

describe('compose.yaml', () => {
  it('runs the web and worker roles from one image, by command', () => {
    expect(steward.web?.build).toBeDefined();
    expect(steward.worker?.image).toBe(steward.web?.image);
    expect(sourceOf(steward.web?.command)).toBe('src/app/service.ts');
    expect(sourceOf(steward.worker?.command)).toBe('src/app/worker.ts');
    for (const role of Object.values(steward)) {
      expect(existsSync(path.join(repoRoot, sourceOf(role?.command)))).toBe(true);
    }
  });

  it('sets only variables the configuration reads, and a valid production configuration', () => {
    const known = configVariableNames();
    for (const [role, service] of Object.entries(steward)) {
      const environment = substituted(service?.environment ?? {});
      const unknown = Object.keys(environment).filter(
        (name) => !known.has(name) && !AWS_SDK_VARIABLES.has(name),
      );
      expect(unknown, role).toEqual([]);
      const config = parseAppConfig(environment);
      expect(config.core.isProduction, role).toBe(true);
    }
  });

  it('publishes the port the web role listens on and points at the stack’s own DynamoDB and Redis', () => {
    const environment = services.web?.environment ?? {};
    expect(services.web?.ports).toContain(`${environment.PORT}:${environment.PORT}`);
    for (const service of Object.values(steward)) {
      const env = service?.environment ?? {};
      expect(Object.keys(services)).toContain(new URL(env.DYNAMODB_ENDPOINT ?? '').hostname);
      expect(Object.keys(services)).toContain(new URL(env.REDIS_URL ?? '').hostname);
    }
    expect(services.dynamodb?.image).toMatch(/^amazon\/dynamodb-local/);
  });

  it('runs approved actions in the worker only and keeps every Redis key (BullMQ needs noeviction)', () => {
    expect(services.web?.environment?.APPROVALS_WORKER).toBe('off');
    expect(services.web?.environment?.ANSWER_WORKER).toBe('off');
    expect(services.redis?.command?.join(' ')).toContain('--maxmemory-policy noeviction');
  });

  it('switches the image’s HTTP health check off for the worker, which serves no HTTP', () => {
    expect(services.worker?.healthcheck?.disable).toBe(true);
    expect(services.web?.healthcheck).toBeUndefined();
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1) ?? '';

  it('builds on the Node major the package engines name', () => {
    const engineMajor = /(\d+)/.exec(packageJson.engines.node)?.[1];
    expect(dockerfile).toMatch(new RegExp(`^ARG NODE_IMAGE=node:${engineMajor}-`, 'm'));
    expect(stages.length).toBeGreaterThanOrEqual(2);
  });

  it('runs as an unprivileged user with only production files', () => {
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/^COPY (src|adapters|handlers|approvals|test)\b/m);
    expect(runtime).toContain('COPY --from=build /app/dist ./dist');
    expect(dockerfile).toContain('npm ci --omit=dev');
  });

  it('checks /healthz on the main port and starts the web role by default', () => {
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(runtime).toMatch(/^EXPOSE 3000$/m);
    expect(runtime).toMatch(/^ENV NODE_ENV=production/m);
    const cmd = /^CMD (\[.*\])$/m.exec(runtime)?.[1];
    expect(sourceOf(JSON.parse(cmd ?? '[]') as string[])).toBe('src/app/service.ts');
    expect(JSON.parse(cmd ?? '[]')).toEqual(services.web?.command);
  });

  it('is given no secrets or local data in its build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.env', '.data', 'node_modules', 'dist', '.git']) {
      expect(ignored).toContain(entry);
    }
  });
});
