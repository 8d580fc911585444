import { execFileSync } from 'node:child_process';

/**
 * Where integration suites find the real services that scripts/test starts, and what they do when a
 * service is missing: with REQUIRE_INTEGRATION=1 (CI) the suite fails; otherwise it is skipped with a
 * line saying why, so a developer without dockerd can still run the unit suites.
 */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6390';

export type Service = 'redis' | 'docker' | 'netns';

/** Checked synchronously: jest collects `describe` bodies synchronously. */
export function missingServices(needs: readonly Service[]): string[] {
  return needs.flatMap((need) => {
    const why = check(need);
    return why ? [`${need}: ${why}`] : [];
  });
}

function check(service: Service): string | undefined {
  switch (service) {
    case 'redis': {
      const { hostname, port } = new URL(testRedisUrl);
      return commandFails('redis-cli', ['-h', hostname, '-p', port || '6379', 'ping']);
    }
    case 'docker':
      return commandFails('docker', ['info', '--format', '{{.ServerVersion}}']);
    case 'netns':
      if (process.getuid?.() !== 0) return 'network namespaces need root';
      return commandFails('ip', ['netns', 'list']);
  }
}

function commandFails(command: string, args: string[]): string | undefined {
  try {
    const out = execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    if (command === 'redis-cli' && !out.includes('PONG')) return `no Redis answered (${out.trim()})`;
    return undefined;
  } catch (error) {
    const first = (error as Error).message.split('\n')[0];
    return `${command} ${args.join(' ')} failed (${first}); scripts/test provisions it`;
  }
}

/**
 * `describe` for a suite that needs real services:
 *   describeWith(['redis', 'netns'], 'the local executor', () => { ... });
 */
export function describeWith(needs: readonly Service[], name: string, body: () => void): void {
  const missing = missingServices(needs);
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  if (process.env.REQUIRE_INTEGRATION === '1') {
    describe(name, () => {
      it('has the services it needs (REQUIRE_INTEGRATION=1)', () => {
        throw new Error(`missing:\n${missing.join('\n')}`);
      });
    });
    return;
  }
  console.warn(`skipping "${name}": ${missing.join('; ')}`);
  describe.skip(name, body);
}
