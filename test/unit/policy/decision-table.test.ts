import type { Decision } from '../../../src/policy/decision.js';
import { builtInPolicy } from '../../../src/policy/default-policy.js';
import { parsePolicy } from '../../../src/policy/load-policy.js';
import type { Policy } from '../../../src/policy/policy-schema.js';
import type { Subject } from '../../../src/policy/subject.js';
import { decideLine, operator, slackUser } from './decide-line.js';

/**
 * The policy's decision table (issue 11): each row a policy, a subject, a command line as typed after
 * /netshoot (parsed by the real grammar against the real catalogue), and the effect and rule expected.
 */

const sre = 'S0SRE0001';
const leads = 'S0LEADS01';

/** A policy of a few rules, each written as one line of YAML flow style under `rules:`. */
const snippet = (...rules: string[]): Policy =>
  parsePolicy(
    `version: 1\ngroups:\n  sre: ${sre}\n  sre-leads: ${leads}\nrules:\n${rules.map((rule) => `  - ${rule}\n`).join('')}`,
    'snippet.yaml',
  );

/** The kind of policy a team writes: read for all, privileged for SRE in incidents, prod approved, a deny. */
const team = parsePolicy(
  `version: 1
groups:
  sre: ${sre}
  sre-leads: ${leads}
rules:
  - name: read-for-everyone
    effect: allow
    who: { everyone: true }
    tools: [read]
  - name: sre-privileged-in-incidents
    effect: allow
    who: { groups: [sre] }
    channels: ['#inc-*', C0WARROOM]
    tools: [privileged]
    bounds: { maxTimeout: 5m }
  - name: prod-needs-approval
    effect: require-approval
    who: { groups: [sre] }
    tools: [privileged]
    namespaces: [prod-*]
    approval: { by: sre-leads, expiresAfter: 10m }
  - name: no-captures-of-payments
    effect: deny
    who: { everyone: true }
    tools: [tcpdump, ngrep]
    targets: [pod/payments-*]
  - name: ci-reads
    effect: allow
    who: { operators: [ci-*] }
    tools: [read]
`,
  'team.yaml',
);

const slack = slackUser;

const alice = slack('U0ALICE', 'C0GENERAL', 'general');
const aliceInIncident = slack('U0ALICE', 'C0INC42', 'inc-42');
const bob = slack('U0BOB', 'C0GENERAL', 'general', [sre]);
const bobInIncident = slack('U0BOB', 'C0INC42', 'inc-42', [sre]);
const bobInWarRoom = slack('U0BOB', 'C0WARROOM', undefined, [sre]);

type Effect = Decision['effect'];
type Row = [what: string, policy: Policy, subject: Subject, line: string, effect: Effect, rule: string];

const everyoneAll = '{ name: all, effect: allow, who: { everyone: true } }';

const rows: Row[] = [
  // The team policy.
  ['read tools are everyone’s', team, alice, 'dig pod/web example.test', 'allow', 'read-for-everyone'],
  ['a privileged tool is nobody’s by default', team, alice, 'tcpdump pod/web -c 5', 'deny', 'default'],
  [
    'SRE may capture in an incident channel (#name glob)',
    team,
    bobInIncident,
    'tcpdump pod/web -c 5',
    'allow',
    'sre-privileged-in-incidents',
  ],
  [
    'SRE may capture in the war room (channel ID, no name sent)',
    team,
    bobInWarRoom,
    'tcpdump pod/web -c 5',
    'allow',
    'sre-privileged-in-incidents',
  ],
  ['SRE may not capture outside incident channels', team, bob, 'tcpdump pod/web -c 5', 'deny', 'default'],
  [
    'a non-SRE may not capture in an incident channel',
    team,
    aliceInIncident,
    'tcpdump pod/web -c 5',
    'deny',
    'default',
  ],
  [
    'over the incident rule’s maxTimeout: refused by that rule',
    team,
    bobInIncident,
    'nmap pod/web 198.18.0.1 --timeout 6m',
    'deny',
    'sre-privileged-in-incidents',
  ],
  [
    'require-approval wins over allow (prod in an incident)',
    team,
    bobInIncident,
    'tcpdump --namespace prod-eu pod/web -c 5',
    'needs-approval',
    'prod-needs-approval',
  ],
  [
    'require-approval holds outside incident channels too',
    team,
    bob,
    'tcpdump --namespace prod-eu pod/web -c 5',
    'needs-approval',
    'prod-needs-approval',
  ],
  [
    'a non-SRE cannot even ask for approval',
    team,
    alice,
    'tcpdump --namespace prod-eu pod/web -c 5',
    'deny',
    'default',
  ],
  [
    'read tools in prod need no approval',
    team,
    alice,
    'dig --namespace prod-eu pod/web example.test',
    'allow',
    'read-for-everyone',
  ],
  [
    'deny wins over allow',
    team,
    bobInIncident,
    'tcpdump pod/payments-api -c 5',
    'deny',
    'no-captures-of-payments',
  ],
  [
    'deny wins over require-approval',
    team,
    bob,
    'tcpdump --namespace prod-eu pod/payments-api -c 5',
    'deny',
    'no-captures-of-payments',
  ],
  [
    'a deny of some tools leaves the others',
    team,
    bobInIncident,
    'iptables pod/payments-api -L',
    'allow',
    'sre-privileged-in-incidents',
  ],
  [
    'a deny of privileged tools leaves read tools',
    team,
    alice,
    'dig pod/payments-api example.test',
    'allow',
    'read-for-everyone',
  ],
  [
    'a named operator runs read tools',
    team,
    operator('ci-nightly'),
    'dig pod/web example.test',
    'allow',
    'ci-reads',
  ],
  [
    'a named operator gets only what it is named for',
    team,
    operator('ci-nightly'),
    'tcpdump pod/web -c 5',
    'deny',
    'default',
  ],
  [
    'an operator the policy does not name gets nothing (everyone is Slack users)',
    team,
    operator('laptop'),
    'dig pod/web example.test',
    'deny',
    'default',
  ],

  // Tools by name and by level.
  [
    'a tool by name',
    snippet('{ name: t, effect: allow, who: { everyone: true }, tools: [tcpdump] }'),
    alice,
    'tcpdump pod/web -c 5',
    'allow',
    't',
  ],
  [
    'a tool by name is only that tool',
    snippet('{ name: t, effect: allow, who: { everyone: true }, tools: [tcpdump] }'),
    alice,
    'ngrep pod/web GET',
    'deny',
    'default',
  ],
  [
    'privileged covers every privileged tool',
    snippet('{ name: p, effect: allow, who: { everyone: true }, tools: [privileged] }'),
    alice,
    'nmap pod/web 198.18.0.1',
    'allow',
    'p',
  ],
  [
    'privileged does not cover read tools',
    snippet('{ name: p, effect: allow, who: { everyone: true }, tools: [privileged] }'),
    alice,
    'dig pod/web example.test',
    'deny',
    'default',
  ],
  [
    'read does not cover privileged tools',
    snippet('{ name: r, effect: allow, who: { everyone: true }, tools: [read] }'),
    alice,
    'conntrack pod/web -L',
    'deny',
    'default',
  ],
  ['no tools: every tool', snippet(everyoneAll), alice, 'tcpdump pod/web -c 5', 'allow', 'all'],
  [
    'a deny by level',
    snippet(everyoneAll, '{ name: no-priv, effect: deny, who: { everyone: true }, tools: [privileged] }'),
    alice,
    'wg pod/web show',
    'deny',
    'no-priv',
  ],
  [
    'a deny by level spares the other level',
    snippet(everyoneAll, '{ name: no-priv, effect: deny, who: { everyone: true }, tools: [privileged] }'),
    alice,
    'ping pod/web 198.18.0.1',
    'allow',
    'all',
  ],

  // Targets.
  [
    'a target glob',
    snippet('{ name: web, effect: allow, who: { everyone: true }, targets: [pod/web-*] }'),
    alice,
    'tcpdump pod/web-1 -c 5',
    'allow',
    'web',
  ],
  [
    'a target outside the glob',
    snippet('{ name: web, effect: allow, who: { everyone: true }, targets: [pod/web-*] }'),
    alice,
    'tcpdump pod/api-1 -c 5',
    'deny',
    'default',
  ],
  [
    'the kind must match too',
    snippet('{ name: web, effect: allow, who: { everyone: true }, targets: [pod/web-*] }'),
    alice,
    'curl deploy/web-1 http://web.test',
    'deny',
    'default',
  ],
  [
    '* as the kind matches any kind',
    snippet("{ name: web, effect: allow, who: { everyone: true }, targets: ['*/web-*'] }"),
    alice,
    'curl deploy/web-1 http://web.test',
    'allow',
    'web',
  ],
  [
    '? is one character',
    snippet('{ name: web, effect: allow, who: { everyone: true }, targets: [pod/web-?] }'),
    alice,
    'tcpdump pod/web-10 -c 5',
    'deny',
    'default',
  ],
  [
    'an allow needs every target covered',
    snippet('{ name: perf, effect: allow, who: { everyone: true }, targets: [container/perf-*] }'),
    alice,
    'iperf3 container/perf-a container/perf-b',
    'allow',
    'perf',
  ],
  [
    'an allow with one target uncovered does not allow',
    snippet('{ name: perf, effect: allow, who: { everyone: true }, targets: [container/perf-*] }'),
    alice,
    'iperf3 container/perf-a container/db',
    'deny',
    'default',
  ],
  [
    'a deny needs any one target',
    snippet(everyoneAll, '{ name: not-db, effect: deny, who: { everyone: true }, targets: [container/db] }'),
    alice,
    'iperf3 container/perf-a container/db',
    'deny',
    'not-db',
  ],
  [
    'a deny of other targets does not apply',
    snippet(everyoneAll, '{ name: not-db, effect: deny, who: { everyone: true }, targets: [container/db] }'),
    alice,
    'iperf3 container/perf-a container/perf-b',
    'allow',
    'all',
  ],
  [
    'host as a target',
    snippet('{ name: h, effect: allow, who: { everyone: true }, targets: [host] }'),
    alice,
    'ping host 198.18.0.1',
    'allow',
    'h',
  ],
  [
    'node globs',
    snippet("{ name: n, effect: allow, who: { everyone: true }, targets: ['node/*'] }"),
    alice,
    'iptables node/worker-1 -L',
    'allow',
    'n',
  ],

  // calicoctl has no target: it runs where the worker runs, which is `host` to the policy.
  [
    'calicoctl is host to the policy',
    snippet('{ name: h, effect: allow, who: { everyone: true }, targets: [host] }'),
    alice,
    'calicoctl get nodes',
    'allow',
    'h',
  ],
  [
    'calicoctl is no node',
    snippet("{ name: n, effect: allow, who: { everyone: true }, targets: ['node/*'] }"),
    alice,
    'calicoctl get nodes',
    'deny',
    'default',
  ],
  [
    'a deny of host covers calicoctl',
    snippet(everyoneAll, '{ name: not-host, effect: deny, who: { everyone: true }, targets: [host] }'),
    alice,
    'calicoctl get nodes',
    'deny',
    'not-host',
  ],

  // Namespaces and clusters.
  [
    'a namespace glob',
    snippet('{ name: ns, effect: allow, who: { everyone: true }, namespaces: [team-*] }'),
    alice,
    'ping --namespace team-a pod/web 198.18.0.1',
    'allow',
    'ns',
  ],
  [
    'the default namespace is not in the glob',
    snippet('{ name: ns, effect: allow, who: { everyone: true }, namespaces: [team-*] }'),
    alice,
    'ping pod/web 198.18.0.1',
    'deny',
    'default',
  ],
  [
    'a deny of a namespace',
    snippet(
      everyoneAll,
      '{ name: not-system, effect: deny, who: { everyone: true }, namespaces: [kube-system] }',
    ),
    alice,
    'dig --namespace kube-system pod/coredns example.test',
    'deny',
    'not-system',
  ],
  [
    'a deny of a namespace leaves the others',
    snippet(
      everyoneAll,
      '{ name: not-system, effect: deny, who: { everyone: true }, namespaces: [kube-system] }',
    ),
    alice,
    'dig pod/coredns example.test',
    'allow',
    'all',
  ],
  [
    'a cluster glob',
    snippet('{ name: eu, effect: allow, who: { everyone: true }, clusters: [eu-*] }'),
    alice,
    'dig pod/web example.test --cluster eu-1',
    'allow',
    'eu',
  ],
  [
    'a cluster outside the glob',
    snippet('{ name: eu, effect: allow, who: { everyone: true }, clusters: [eu-*] }'),
    alice,
    'dig pod/web example.test --cluster us-1',
    'deny',
    'default',
  ],
  [
    'no --cluster is the cluster named default',
    snippet('{ name: eu, effect: allow, who: { everyone: true }, clusters: [eu-*] }'),
    alice,
    'dig pod/web example.test',
    'deny',
    'default',
  ],
  [
    'a deny of a cluster',
    snippet(everyoneAll, '{ name: not-prod, effect: deny, who: { everyone: true }, clusters: [prod] }'),
    alice,
    'dig pod/web example.test --cluster prod',
    'deny',
    'not-prod',
  ],

  // Channels.
  [
    'a channel by ID',
    snippet('{ name: c, effect: allow, who: { everyone: true }, channels: [C0GENERAL] }'),
    alice,
    'tcpdump pod/web -c 5',
    'allow',
    'c',
  ],
  [
    'another channel ID',
    snippet('{ name: c, effect: allow, who: { everyone: true }, channels: [C0OTHER] }'),
    alice,
    'tcpdump pod/web -c 5',
    'deny',
    'default',
  ],
  [
    'a channel by #name glob',
    snippet("{ name: c, effect: allow, who: { everyone: true }, channels: ['#inc-*'] }"),
    aliceInIncident,
    'tcpdump pod/web -c 5',
    'allow',
    'c',
  ],
  [
    'a #name glob without the name (a button may not send it)',
    snippet("{ name: c, effect: allow, who: { everyone: true }, channels: ['#inc-*'] }"),
    slack('U0ALICE', 'C0INC42'),
    'tcpdump pod/web -c 5',
    'deny',
    'default',
  ],
  [
    'a #name glob and another name',
    snippet("{ name: c, effect: allow, who: { everyone: true }, channels: ['#inc-*'] }"),
    slack('U0ALICE', 'C0X', 'incidents'),
    'tcpdump pod/web -c 5',
    'deny',
    'default',
  ],
  [
    'channels never match an operator',
    snippet("{ name: c, effect: allow, who: { operators: ['*'] }, channels: ['#*'] }"),
    operator('ops'),
    'dig pod/web example.test',
    'deny',
    'default',
  ],
  [
    'a deny in some channels',
    snippet(
      everyoneAll,
      "{ name: not-public, effect: deny, who: { everyone: true }, channels: ['#public-*'], tools: [privileged] }",
    ),
    slack('U0ALICE', 'C0PUB', 'public-chat'),
    'tcpdump pod/web -c 5',
    'deny',
    'not-public',
  ],
  [
    'a deny in some channels spares the others',
    snippet(
      everyoneAll,
      "{ name: not-public, effect: deny, who: { everyone: true }, channels: ['#public-*'], tools: [privileged] }",
    ),
    alice,
    'tcpdump pod/web -c 5',
    'allow',
    'all',
  ],

  // Who: users, groups, operators.
  [
    'a user by ID',
    snippet('{ name: u, effect: allow, who: { users: [U0BOB] } }'),
    bob,
    'tcpdump pod/web -c 5',
    'allow',
    'u',
  ],
  [
    'another user',
    snippet('{ name: u, effect: allow, who: { users: [U0BOB] } }'),
    alice,
    'dig pod/web example.test',
    'deny',
    'default',
  ],
  [
    'a group through the subject’s group IDs',
    snippet('{ name: g, effect: allow, who: { groups: [sre] } }'),
    bob,
    'tcpdump pod/web -c 5',
    'allow',
    'g',
  ],
  [
    'a member of another group',
    snippet('{ name: g, effect: allow, who: { groups: [sre] } }'),
    slack('U0CAROL', 'C0GENERAL', 'general', [leads]),
    'tcpdump pod/web -c 5',
    'deny',
    'default',
  ],
  [
    'nobody in a group without its ID',
    snippet('{ name: g, effect: allow, who: { groups: [sre] } }'),
    alice,
    'tcpdump pod/web -c 5',
    'deny',
    'default',
  ],
  [
    'an operator by name',
    snippet('{ name: o, effect: allow, who: { operators: [ops] } }'),
    operator('ops'),
    'tcpdump pod/web -c 5',
    'allow',
    'o',
  ],
  [
    'another operator',
    snippet('{ name: o, effect: allow, who: { operators: [ops] } }'),
    operator('dev'),
    'tcpdump pod/web -c 5',
    'deny',
    'default',
  ],
  [
    'an operator glob',
    snippet('{ name: o, effect: allow, who: { operators: [ci-*] } }'),
    operator('ci-nightly'),
    'tcpdump pod/web -c 5',
    'allow',
    'o',
  ],
  [
    'everyone excludes operators',
    snippet(everyoneAll),
    operator('ops'),
    'dig pod/web example.test',
    'deny',
    'default',
  ],
  [
    'operators exclude Slack users',
    snippet("{ name: o, effect: allow, who: { operators: ['*'] } }"),
    alice,
    'dig pod/web example.test',
    'deny',
    'default',
  ],
  [
    'a deny for everyone does not reach an operator the policy names',
    snippet(
      '{ name: o, effect: allow, who: { operators: [ops] } }',
      '{ name: d, effect: deny, who: { everyone: true } }',
    ),
    operator('ops'),
    'dig pod/web example.test',
    'allow',
    'o',
  ],
  [
    'a deny for a group',
    snippet(everyoneAll, '{ name: d, effect: deny, who: { groups: [sre-leads] }, tools: [nmap] }'),
    slack('U0CAROL', 'C0GENERAL', 'general', [leads]),
    'nmap pod/web 198.18.0.1',
    'deny',
    'd',
  ],

  // Bounds.
  [
    'within maxTimeout',
    snippet('{ name: b, effect: allow, who: { everyone: true }, bounds: { maxTimeout: 1m } }'),
    alice,
    'tcpdump pod/web -c 5 --timeout 30s',
    'allow',
    'b',
  ],
  [
    'over maxTimeout: refused, naming the rule',
    snippet('{ name: b, effect: allow, who: { everyone: true }, bounds: { maxTimeout: 1m } }'),
    alice,
    'tcpdump pod/web -c 5 --timeout 2m',
    'deny',
    'b',
  ],
  [
    'the tool’s default timeout counts',
    snippet('{ name: b, effect: allow, who: { everyone: true }, bounds: { maxTimeout: 10s } }'),
    alice,
    'tcpdump pod/web -c 5',
    'deny',
    'b',
  ],
  [
    'pcap false refuses --pcap',
    snippet('{ name: b, effect: allow, who: { everyone: true }, bounds: { pcap: false } }'),
    alice,
    'tcpdump pod/web -c 5 --pcap',
    'deny',
    'b',
  ],
  [
    'pcap false allows without --pcap',
    snippet('{ name: b, effect: allow, who: { everyone: true }, bounds: { pcap: false } }'),
    alice,
    'tcpdump pod/web -c 5',
    'allow',
    'b',
  ],
  [
    'pcap true allows --pcap',
    snippet('{ name: b, effect: allow, who: { everyone: true }, bounds: { pcap: true } }'),
    alice,
    'tcpdump pod/web -c 5 --pcap',
    'allow',
    'b',
  ],
  [
    'a later allow without the bound allows',
    snippet(
      '{ name: short, effect: allow, who: { everyone: true }, bounds: { maxTimeout: 10s } }',
      '{ name: sre-long, effect: allow, who: { groups: [sre] } }',
    ),
    bob,
    'tcpdump pod/web -c 5 --timeout 2m',
    'allow',
    'sre-long',
  ],
  [
    'approval within its bounds',
    snippet(
      everyoneAll,
      '{ name: a, effect: require-approval, who: { everyone: true }, tools: [tcpdump], bounds: { maxTimeout: 1m }, approval: { by: sre-leads } }',
    ),
    alice,
    'tcpdump pod/web -c 5',
    'needs-approval',
    'a',
  ],
  [
    'over the approval’s bounds: refused, never allowed around the approval',
    snippet(
      everyoneAll,
      '{ name: a, effect: require-approval, who: { everyone: true }, tools: [tcpdump], bounds: { maxTimeout: 1m }, approval: { by: sre-leads } }',
    ),
    alice,
    'tcpdump pod/web -c 5 --timeout 2m',
    'deny',
    'a',
  ],
  [
    'a deny wins whatever the order in the file',
    snippet('{ name: d, effect: deny, who: { users: [U0ALICE] } }', everyoneAll),
    alice,
    'dig pod/web example.test',
    'deny',
    'd',
  ],
  [
    'the first allow in the file names the decision',
    snippet(
      '{ name: first, effect: allow, who: { everyone: true } }',
      '{ name: second, effect: allow, who: { everyone: true } }',
    ),
    alice,
    'dig pod/web example.test',
    'allow',
    'first',
  ],

  // Without a policy file.
  [
    'built-in: read tools for Slack users',
    builtInPolicy,
    alice,
    'dig pod/web example.test',
    'allow',
    'read-tools-for-everyone',
  ],
  ['built-in: privileged tools for nobody', builtInPolicy, alice, 'tcpdump pod/web -c 5', 'deny', 'default'],
  [
    'built-in: read tools for any operator',
    builtInPolicy,
    operator('anyone'),
    'ss pod/web -tlpn',
    'allow',
    'read-tools-for-everyone',
  ],
  [
    'built-in: privileged tools for no operator',
    builtInPolicy,
    operator('anyone'),
    'iptables node/n1 -L',
    'deny',
    'default',
  ],
  [
    'built-in: calicoctl is privileged',
    builtInPolicy,
    operator('anyone'),
    'calicoctl get nodes',
    'deny',
    'default',
  ],

  // Nothing is allowed that no rule allows.
  [
    'default deny',
    snippet('{ name: u, effect: allow, who: { users: [U0BOB] }, tools: [dig] }'),
    bob,
    'ping pod/web 198.18.0.1',
    'deny',
    'default',
  ],
];

describe('the decision table', () => {
  it('has at least 60 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
  });

  it.each(rows)('%s', (_what, policy, subject, line, effect, rule) => {
    const decision = decideLine(policy, subject, line);
    expect({ effect: decision.effect, rule: decision.rule }).toEqual({ effect, rule });
  });
});

describe('what a decision says', () => {
  it('points a refusal under the built-in policy to docs/policy.md and NETSHOOT_POLICY', () => {
    const decision = decideLine(builtInPolicy, alice, 'tcpdump pod/web -c 5');
    expect(decision).toMatchObject({
      effect: 'deny',
      reason:
        'no rule of the built-in policy allows tcpdump (privileged) on pod/web to <@U0ALICE> in <#C0GENERAL>',
    });
    expect(decision.effect === 'deny' && decision.fix).toMatch(/NETSHOOT_POLICY.*\(docs\/policy\.md\)$/);
  });

  it('names the approving group, its Slack ID and the expiry', () => {
    expect(decideLine(team, bob, 'tcpdump --namespace prod-eu pod/web -c 5')).toEqual({
      effect: 'needs-approval',
      rule: 'prod-needs-approval',
      reason:
        "the policy's rule prod-needs-approval lets <@U0BOB> run tcpdump (privileged) on pod/web once someone in sre-leads approves",
      approvers: { group: 'sre-leads', groupId: leads },
      expiresAfterMs: 600_000,
    });
  });

  it('expires an approval after 15 minutes unless the rule says otherwise', () => {
    const policy = snippet(
      '{ name: a, effect: require-approval, who: { everyone: true }, approval: { by: sre-leads } }',
    );
    expect(decideLine(policy, alice, 'dig pod/web example.test')).toMatchObject({ expiresAfterMs: 900_000 });
  });

  it('names the bound a request exceeds and how to come within it', () => {
    const policy = snippet('{ name: b, effect: allow, who: { everyone: true }, bounds: { maxTimeout: 1m } }');
    expect(decideLine(policy, alice, 'tcpdump pod/web -c 5 --timeout 2m')).toEqual({
      effect: 'deny',
      rule: 'b',
      reason:
        "the policy's rule b allows tcpdump to <@U0ALICE>, but only up to --timeout 1m, and this asks for 2m",
      fix: 'run it again with --timeout 1m or less',
    });
  });

  it('quotes the rule that denies, with its description', () => {
    const policy = snippet(
      everyoneAll,
      "{ name: d, effect: deny, who: { everyone: true }, tools: [nmap], description: 'scans set off the IDS' }",
    );
    expect(decideLine(policy, alice, 'nmap pod/web 198.18.0.1')).toMatchObject({
      effect: 'deny',
      reason: "the policy's rule d denies nmap (privileged) on pod/web to <@U0ALICE> (scans set off the IDS)",
      fix: expect.stringContaining('snippet.yaml'),
    });
  });
});
