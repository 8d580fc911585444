import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicyFile, parsePolicy, PolicyFileError } from '../../../src/policy/load-policy.js';

/** The problems parsePolicy reports for `text`, one string each. */
function problemsOf(text: string): readonly string[] {
  try {
    parsePolicy(text, 'policy.yaml');
  } catch (error) {
    if (error instanceof PolicyFileError) return error.problems;
    throw error;
  }
  throw new Error('the policy loaded, and problems were expected');
}

const good = `version: 1
groups:
  sre: S0614TZR7
rules:
  - name: read-for-everyone
    effect: allow
    who: { everyone: true }
    tools: [read]
  - name: sre-captures
    effect: allow
    who: { groups: [sre] }
    tools: [tcpdump]
    bounds: { maxTimeout: 5m, pcap: false }
`;

describe('parsePolicy', () => {
  it('loads a good policy, with durations in milliseconds and the source named', () => {
    const policy = parsePolicy(good, '/etc/netshoot/policy.yaml');
    expect(policy.source).toBe('/etc/netshoot/policy.yaml');
    expect(policy.rules.map((rule) => rule.name)).toEqual(['read-for-everyone', 'sre-captures']);
    expect(policy.rules[1]).toMatchObject({ bounds: { maxTimeout: 300_000, pcap: false } });
  });

  it('reports every problem at once, in line order, with file, line, field and a fix', () => {
    const problems = problemsOf(`version: 2
colour: blue
groups:
  sre: U0614TZR7
rules:
  - name: ok
    effect: alow
    who: { everyone: true }
  - name: second
    effect: allow
    who: { everyone: true }
    tools: [Tcpdump]
    bounds: { maxTimout: 5m, pcap: no }
`);
    expect(problems).toEqual([
      'policy.yaml:1: version: 2 is not allowed; write version: 1',
      "policy.yaml:2: colour: unknown key 'colour'; the keys allowed here are version, groups, limits, kubernetes, rules",
      "policy.yaml:4: groups.sre: 'U0614TZR7' is not valid; write a Slack user group ID such as S0614TZR7 (usergroups.list shows them)",
      "policy.yaml:7: rules[0].effect: 'alow' is not one of allow, deny, require-approval; write effect: allow, deny or require-approval",
      "policy.yaml:12: rules[1].tools[0]: 'Tcpdump' is not valid; write a tool name such as tcpdump, or `read` or `privileged` for every tool of that level",
      "policy.yaml:13: rules[1].bounds.maxTimout: unknown key 'maxTimout' (did you mean maxTimeout?); the keys allowed here are maxTimeout, pcap",
      "policy.yaml:13: rules[1].bounds.pcap: expected boolean, found 'no'; write pcap: true or pcap: false",
    ]);
  });

  it('names the allowed keys of the rule kind its effect says', () => {
    const [problem] = problemsOf(`version: 1
rules:
  - name: no-nmap
    effect: deny
    who: { everyone: true }
    tools: [nmap]
    bounds: { pcap: false }
`);
    expect(problem).toBe(
      "policy.yaml:7: rules[0].bounds: unknown key 'bounds'; the keys allowed here are name, who, channels, tools, targets, namespaces, clusters, description, effect",
    );
  });

  it('says a missing field is missing, at the line of the mapping that lacks it', () => {
    expect(problemsOf('version: 1\nrules:\n  - name: a\n    effect: allow\n')).toEqual([
      'policy.yaml:3: rules[0].who: is missing; say who the rule is for: everyone: true, users: [U…], groups: [name] or operators: [name]',
    ]);
    expect(problemsOf('version: 1\n')).toEqual([
      'policy.yaml:1: rules: is missing; write a list of rules, each with name, effect and who',
    ]);
  });

  it('refuses a rule that says nobody, an empty list, and an undefined group, each with its fix', () => {
    expect(
      problemsOf(`version: 1
rules:
  - name: a
    effect: require-approval
    who: {}
    tools: []
    approval: { by: sre-leads }
`),
    ).toEqual([
      'policy.yaml:5: rules[0].who: say who the rule is for: everyone: true, users, groups or operators',
      'policy.yaml:6: rules[0].tools: is an empty list; list at least one entry, or remove the key (an absent key matches anything)',
      "policy.yaml:7: rules[0].approval.by: the group 'sre-leads' is not defined: add it under groups: with its Slack ID (sre-leads: S0…)",
    ]);
  });

  it('refuses two rules with one name', () => {
    const text =
      'version: 1\nrules:\n' + '  - { name: a, effect: allow, who: { everyone: true } }\n'.repeat(2);
    expect(problemsOf(text)).toEqual([
      "policy.yaml:4: rules[1].name: a second rule named 'a': give each rule its own name, refusals quote it",
    ]);
  });

  it('says which numbers are out of range', () => {
    expect(
      problemsOf(`version: 1
limits:
  perUser:
    commandsPerMinute: 0
rules:
  - { name: a, effect: allow, who: { everyone: true } }
`),
    ).toEqual([
      'policy.yaml:4: limits.perUser.commandsPerMinute: 0 is too small (at least 1); write a whole number from 1 to 10000',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('version: 1\nrules:\n  - name: a\n    effect: allow\n    effect: deny\n');
    expect(problems).toEqual(['policy.yaml:5: Map keys must be unique; fix the YAML syntax there']);
  });

  it('refuses a file whose aliases would multiply into millions of values', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 10; level++) {
      const [name, previous] = [`l${level}`, level === 1 ? 'a' : `l${level - 1}`];
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    expect(problemsOf(['version: 1', ...levels, 'rules: []'].join('\n'))).toEqual([
      'policy.yaml: Excessive alias count indicates a resource exhaustion attack; write the policy without nested YAML aliases (&name, *name)',
    ]);
  });

  it('says an empty file is empty, and a list is not a policy', () => {
    expect(problemsOf('')).toEqual([
      'policy.yaml: is empty; write a policy starting with version: 1 and rules: (docs/policy.md has an example)',
    ]);
    expect(problemsOf('# only a comment\n')[0]).toMatch(/^policy\.yaml: is empty;/);
    expect(problemsOf('- version: 1\n')).toEqual([
      'policy.yaml:1: the policy is a list, not a mapping; write keys such as version: 1 and rules: at the top level (docs/policy.md)',
    ]);
  });
});

describe('loadPolicyFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'netshoot-load-policy-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the file at the path', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, good);
    expect((await loadPolicyFile(path)).source).toBe(path);
  });

  it('says a missing file is missing and how to fix the variable', async () => {
    const path = join(dir, 'absent.yaml');
    await expect(loadPolicyFile(path)).rejects.toThrow(
      `${path}: no such file; write the policy there, point NETSHOOT_POLICY at the file that exists`,
    );
  });

  it('says a directory is a directory', async () => {
    const path = join(dir, 'a-directory');
    await mkdir(path);
    await expect(loadPolicyFile(path)).rejects.toThrow(`${path}: is a directory;`);
  });
});
