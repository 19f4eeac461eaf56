import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repoRoot, 'src/app/cli.ts');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** An empty working folder, so no developer's `.env` changes what the command sees. */
const workingDir = mkdtempSync(path.join(tmpdir(), 'steward-cli-'));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `steward <args>` as its own process, as `npm run steward -- <args>` does, with only the
 * environment given (plus PATH and HOME) and `stdin` as standard input.
 */
export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; stdin?: string | Buffer } = {},
): Promise<CliRun> {
  return runEntry(cli, args, options);
}

/** Runs another command-line entry of the project (`src/app/eval.ts` is `npm run eval`) the same way. */
export function runEntry(
  entry: string,
  args: readonly string[],
  options: { env?: Record<string, string>; stdin?: string | Buffer } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, path.resolve(repoRoot, entry), ...args], {
      cwd: workingDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? workingDir,
        AWS_EC2_METADATA_DISABLED: 'true',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
