import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliContext } from '../../../src/main/cli-context.js';
import { main } from '../../../src/main/cli.js';

/** Runs the CLI in-process with an environment, against the real catalogue. */
async function cli(argv: readonly string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const context = new CliContext(
    { out: (text) => void (stdout += text), err: (text) => void (stderr += text) },
    env,
  );
  const code = await main(argv, context);
  return { code, stdout, stderr };
}

const team = `version: 1
groups:
  sre: S0SRE0001
  sre-leads: S0LEADS01
rules:
  - name: read-for-everyone
    effect: allow
    who: { everyone: true, operators: [ci] }
    tools: [read]
  - name: sre-in-incidents
    effect: allow
    who: { groups: [sre] }
    channels: ['#inc-*']
    tools: [privileged]
  - name: prod-needs-approval
    effect: require-approval
    who: { groups: [sre] }
    tools: [tcpdump]
    namespaces: [prod-*]
    approval: { by: sre-leads, expiresAfter: 10m }
  - name: eu-only-for-sre
    effect: deny
    who: { everyone: true }
    clusters: [eu-*]
    tools: [privileged]
`;

let dir: string;
let policy: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netshoot-policy-command-'));
  policy = join(dir, 'policy.yaml');
  await writeFile(policy, team);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('netshoot-bot policy check', () => {
  it('exits 0 with one line: rules, groups, and who gets which privileged tools', async () => {
    const { code, stdout, stderr } = await cli(['policy', 'check', policy]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(
      `${policy}: ok, 4 rules, 2 groups (sre, sre-leads); privileged tools: every privileged tool to group sre in #inc-* (rule sre-in-incidents); tcpdump to group sre with approval by sre-leads (rule prod-needs-approval)\n`,
    );
  });

  it('exits 2 with every problem as FILE:LINE', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(
      bad,
      'version: 1\nrules:\n  - name: a\n    effect: allow\n    who: { everyone: yes }\n    tool: [dig]\n',
    );
    const { code, stdout, stderr } = await cli(['policy', 'check', bad]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(
      [
        `${bad}:5: rules[0].who.everyone: 'yes' is not allowed; write everyone: true, or leave it out`,
        `${bad}:6: rules[0].tool: unknown key 'tool' (did you mean tools?); the keys allowed here are name, who, channels, tools, targets, namespaces, clusters, description, effect, bounds`,
        '',
      ].join('\n'),
    );
  });

  it('exits 2 for a file that is not there', async () => {
    const { code, stderr } = await cli(['policy', 'check', join(dir, 'absent.yaml')]);
    expect(code).toBe(2);
    expect(stderr).toContain('absent.yaml: no such file');
  });

  it('warns about a tool name netshoot-bot does not have, and still exits 0', async () => {
    const typo = join(dir, 'typo.yaml');
    await writeFile(
      typo,
      'version: 1\nrules:\n  - { name: a, effect: allow, who: { everyone: true }, tools: [tcpdupm] }\n',
    );
    const { code, stdout, stderr } = await cli(['policy', 'check', typo]);
    expect(code).toBe(0);
    expect(stderr).toBe(
      `warning: ${typo}: rule a names the tool 'tcpdupm', which netshoot-bot does not have (did you mean tcpdump?); the rule never matches it\n`,
    );
    expect(stdout).toContain('privileged tools: none');
  });
});

describe('netshoot-bot policy explain', () => {
  const sreInIncident = [
    '--user',
    'U0BOB',
    '--channel',
    'C0INC42',
    '--channel-name',
    '#inc-42',
    '--group',
    'sre',
  ];

  it('prints an allow with its rule and reason, and exits 0', async () => {
    const { code, stdout, stderr } = await cli([
      'policy',
      'explain',
      '--policy',
      policy,
      ...sreInIncident,
      'tcpdump pod/web -c 5',
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(
      [
        `allow: rule sre-in-incidents (policy ${policy})`,
        '  request   tcpdump (privileged) on pod/web, namespace default, cluster default, timeout 30s',
        '  subject   <@U0BOB> in <#C0INC42> (#inc-42), groups S0SRE0001',
        "  reason    the policy's rule sre-in-incidents allows tcpdump (privileged) on pod/web to <@U0BOB>",
        '',
      ].join('\n'),
    );
  });

  it('prints the approving group and the expiry for needs-approval, and exits 3', async () => {
    const { code, stdout } = await cli([
      'policy',
      'explain',
      '--policy',
      policy,
      ...sreInIncident,
      'tcpdump',
      'pod/web',
      '-c',
      '5',
      '--namespace',
      'prod-eu',
    ]);
    expect(code).toBe(3);
    expect(stdout).toContain('needs-approval: rule prod-needs-approval');
    expect(stdout).toContain('  approval  by sre-leads (S0LEADS01), expires after 10m\n');
  });

  it('prints the fix for a deny, and exits 4', async () => {
    const { code, stdout } = await cli([
      'policy',
      'explain',
      '--policy',
      policy,
      '--user',
      'U0ALICE',
      '--channel',
      'C0GEN',
      'tcpdump pod/web -c 5',
    ]);
    expect(code).toBe(4);
    expect(stdout).toContain('deny: rule default');
    expect(stdout).toMatch(/\n {2}fix {7}ask whoever keeps the policy/);
  });

  it('decides for a group given by its Slack ID', async () => {
    const { code } = await cli([
      'policy',
      'explain',
      '--policy',
      policy,
      '--user',
      'U0BOB',
      '--channel',
      'C0INC42',
      '--channel-name',
      'inc-42',
      '--group',
      'S0SRE0001',
      'nmap pod/web 198.18.0.1',
    ]);
    expect(code).toBe(0);
  });

  it('decides for an operator, who must be named', async () => {
    expect(
      (await cli(['policy', 'explain', '--policy', policy, '--operator', 'ci', 'dig pod/web example.test']))
        .code,
    ).toBe(0);
    expect(
      (
        await cli([
          'policy',
          'explain',
          '--policy',
          policy,
          '--operator',
          'laptop',
          'dig pod/web example.test',
        ])
      ).code,
    ).toBe(4);
  });

  it('takes --cluster default as the cluster NETSHOOT_CLUSTER names', async () => {
    const line = 'tcpdump pod/web -c 5';
    const args = ['policy', 'explain', '--policy', policy, ...sreInIncident, '--json', line];
    const inEu = await cli(args, { NETSHOOT_CLUSTER: 'eu-1' });
    expect(inEu.code).toBe(4);
    expect(JSON.parse(inEu.stdout)).toMatchObject({
      decision: { effect: 'deny', rule: 'eu-only-for-sre' },
      request: {
        tool: 'tcpdump',
        privilege: 'privileged',
        cluster: 'eu-1',
        targets: [{ kind: 'pod', name: 'web' }],
      },
      subject: { kind: 'slack', userId: 'U0BOB', channelName: 'inc-42', groupIds: ['S0SRE0001'] },
      policy,
    });
    expect((await cli(args, {})).code).toBe(0);
  });

  it('uses NETSHOOT_POLICY without --policy, and the built-in policy without either', async () => {
    const asked = [
      'policy',
      'explain',
      '--user',
      'U0BOB',
      '--channel',
      'C0INC42',
      '--channel-name',
      'inc-42',
      '--group',
      'sre',
      'tcpdump pod/web -c 5',
    ];
    expect((await cli(asked, { NETSHOOT_POLICY: policy })).code).toBe(0);
    const builtIn = await cli([
      'policy',
      'explain',
      '--user',
      'U0BOB',
      '--channel',
      'C0INC42',
      'tcpdump pod/web -c 5',
    ]);
    expect(builtIn.code).toBe(4);
    expect(builtIn.stdout).toContain('deny: rule default (policy built-in)');
    expect(builtIn.stdout).toContain('(docs/policy.md)');
  });

  it('exits 2 without a subject, with an invalid ID, or with a group the policy does not know', async () => {
    const missing = await cli(['policy', 'explain', '--policy', policy, 'dig pod/web example.test']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('say who asks: --user U… --channel C…');
    const badUser = await cli([
      'policy',
      'explain',
      '--user',
      'alice',
      '--channel',
      'C0GEN',
      'dig pod/web example.test',
    ]);
    expect(badUser.code).toBe(2);
    expect(badUser.stderr).toContain('--user alice: write a Slack user ID');
    const badGroup = await cli([
      'policy',
      'explain',
      '--policy',
      policy,
      '--user',
      'U0A',
      '--channel',
      'C0GEN',
      '--group',
      'ops',
      'dig pod/web example.test',
    ]);
    expect(badGroup.code).toBe(2);
    expect(badGroup.stderr).toContain('its groups are sre, sre-leads');
  });

  it('exits 2 for an invalid command line and for a policy that does not load', async () => {
    const line = await cli(['policy', 'explain', '--operator', 'ci', 'tcpdump pod/web -w /tmp/x']);
    expect(line.code).toBe(2);
    expect(line.stderr).toContain('tcpdump: -w is not allowed');
    const file = await cli([
      'policy',
      'explain',
      '--policy',
      join(dir, 'absent.yaml'),
      '--operator',
      'ci',
      'dig pod/web example.test',
    ]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('no such file');
  });
});
