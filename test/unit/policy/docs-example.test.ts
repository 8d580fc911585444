import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parsePolicy } from '../../../src/policy/load-policy.js';
import type { Policy } from '../../../src/policy/policy-schema.js';
import { decideLine, operator, slackUser } from './decide-line.js';

const docs = fileURLToPath(new URL('../../../docs/policy.md', import.meta.url));

/** Every ```yaml block of docs/policy.md that is a whole policy (starts with `version: 1`). */
async function examplePolicies(): Promise<Policy[]> {
  const text = await readFile(docs, 'utf8');
  return [...text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)]
    .map((match) => match[1] as string)
    .filter((block) => block.startsWith('version: 1'))
    .map((block, index) => parsePolicy(block, `docs/policy.md example ${index + 1}`));
}

const sre = 'S0614TZR7';
const outsider = slackUser('U0ALICE', 'C0INCDB', 'inc-db');
const sreInIncident = slackUser('U0BOB', 'C0INCDB', 'inc-db', [sre]);
const sreInGeneral = slackUser('U0BOB', 'C0GENERAL', 'general', [sre]);

describe("docs/policy.md's examples", () => {
  let policies: Policy[];
  beforeAll(async () => {
    policies = await examplePolicies();
  });

  it('all load', () => {
    // The annotated example and the Kubernetes identities one.
    expect(policies).toHaveLength(2);
  });

  it.each([
    [
      'anyone, anywhere: dig is allowed',
      outsider,
      'dig pod/web example.com',
      'allow',
      'read-tools-for-everyone',
    ],
    ['outside the SRE group: tcpdump is refused', outsider, 'tcpdump pod/web -c 5', 'deny', 'default'],
    [
      'an SRE in #inc-db: tcpdump is allowed',
      sreInIncident,
      'tcpdump pod/web -c 5',
      'allow',
      'sre-privileged-in-incidents',
    ],
    [
      '… but not for 3 minutes',
      sreInIncident,
      'tcpdump pod/web -c 5 --timeout 3m',
      'deny',
      'sre-privileged-in-incidents',
    ],
    [
      '… nor with --pcap',
      sreInIncident,
      'tcpdump pod/web -c 5 --pcap',
      'deny',
      'sre-privileged-in-incidents',
    ],
    ['an SRE in #general: tcpdump is refused', sreInGeneral, 'tcpdump pod/web -c 5', 'deny', 'default'],
    [
      'an SRE in #inc-db, in production: waits for sre-leads',
      sreInIncident,
      'tcpdump pod/web -c 5 --namespace prod-eu',
      'needs-approval',
      'production-needs-approval',
    ],
    [
      'an SRE anywhere, in production: waits for sre-leads',
      sreInGeneral,
      'tcpdump pod/web -c 5 --namespace prod-eu',
      'needs-approval',
      'production-needs-approval',
    ],
    [
      'an SRE in #inc-db: the payment pods are never captured',
      sreInIncident,
      'tcpdump pod/payments-api -c 5',
      'deny',
      'no-captures-of-payments',
    ],
    [
      'operator ci: dig is allowed',
      operator('ci'),
      'dig pod/web example.com',
      'allow',
      'read-tools-for-everyone',
    ],
    ['operator ci: tcpdump is refused', operator('ci'), 'tcpdump pod/web -c 5', 'deny', 'default'],
  ] as const)('the annotated example: %s', (_what, subject, line, effect, rule) => {
    const decision = decideLine(policies[0] as Policy, subject, line);
    expect({ effect: decision.effect, rule: decision.rule }).toEqual({ effect, rule });
  });

  it('names sre-leads and 15 minutes for the production approval', () => {
    expect(
      decideLine(policies[0] as Policy, sreInIncident, 'tcpdump pod/web --namespace prod-eu'),
    ).toMatchObject({
      approvers: { group: 'sre-leads', groupId: 'S05A1BCDE' },
      expiresAfterMs: 15 * 60_000,
    });
  });

  it('maps Slack people to Kubernetes identities in the identities example', () => {
    expect(policies[1]?.kubernetes).toEqual({
      users: { U024BE7LH: 'alice@example.com' },
      groups: { sre: ['oncall-sre'] },
      operators: { ci: 'ci-netshoot' },
    });
  });
});
