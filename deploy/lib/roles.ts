/**
 * The two roles the one image runs, chosen by command (as in the Dockerfile and compose.yaml).
 * A role added to the service (an answer worker, say) is one more entry here.
 */
export const STEWARD_ROLES = {
  web: { script: 'dist/src/app/service.js', port: 3000 },
  worker: { script: 'dist/src/app/worker.js', port: undefined },
} as const;

export type StewardRole = keyof typeof STEWARD_ROLES;

/**
 * ElastiCache's AUTH token arrives as a secret of its own, and REDIS_URL must carry it; ECS can
 * only inject whole values, so the command assembles the URL from these variables before `exec`
 * hands the process (and SIGTERM) to Node.
 */
export const REDIS_URL_PARTS = ['REDIS_HOST', 'REDIS_PORT', 'REDIS_AUTH_TOKEN'] as const;

export function roleCommand(role: StewardRole): string[] {
  // $NAME without braces: CloudFormation would read ${NAME} as one of its own substitutions.
  const url = 'REDIS_URL="rediss://:$REDIS_AUTH_TOKEN@$REDIS_HOST:$REDIS_PORT"';
  return ['sh', '-c', `${url} exec node --enable-source-maps ${STEWARD_ROLES[role].script}`];
}
