import { commands, findCommand } from '../../../commands/index.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { defaultCaptureTools, ticketOf, type TicketOptions } from '../../../src/limits/ticket.js';
import type { JobAuthorization, JobData } from '../../../src/queue/job.js';

const slackOrigin = { via: 'slack' as const, teamId: 'T1', channelId: 'C-ORIGIN', userId: 'U-ORIGIN' };

function job(text: string, extra: Partial<JobData> = {}): JobData {
  return {
    version: 1,
    request: parseRequest(text, commands),
    origin: slackOrigin,
    dedupeKey: 'trigger-1',
    requestedAt: '2026-11-30T05:00:00.000Z',
    ...extra,
  };
}

function optionsFor(data: JobData, extra: Partial<TicketOptions> = {}): TicketOptions {
  const command = findCommand(data.request.tool);
  if (!command) throw new Error(`no command ${data.request.tool}`);
  return { privilege: command.privilege, cluster: 'prod', overheadMs: 60_000, ...extra };
}

const authorization = (subject: JobAuthorization['subject']): JobAuthorization => ({
  subject,
  door: 'rerun',
  rule: 'sre',
});

describe('the admission ticket of a job', () => {
  it('is keyed by the dedupe key and holds its slots for the timeout plus the overhead', () => {
    const data = job('ping pod/web 198.18.0.1 --timeout 20s');
    expect(ticketOf(data, optionsFor(data))).toEqual({
      id: 'trigger-1',
      user: 'U-ORIGIN',
      channel: 'C-ORIGIN',
      tool: 'ping',
      holdMs: 80_000,
    });
  });

  it('counts against whom the door decided for: the person who clicked Rerun, in their channel', () => {
    const data = job('ping pod/web 198.18.0.1', {
      authorization: authorization({ kind: 'slack', userId: 'U-CLICKER', channelId: 'C-CLICK' }),
    });
    expect(ticketOf(data, optionsFor(data))).toMatchObject({ user: 'U-CLICKER', channel: 'C-CLICK' });
  });

  it('counts a command-line job against operator:NAME, in no channel', () => {
    const byPolicy = job('ping host 198.18.0.1', {
      authorization: authorization({ kind: 'operator', name: 'ops' }),
    });
    const ticket = ticketOf(byPolicy, optionsFor(byPolicy));
    expect(ticket.user).toBe('operator:ops');
    expect(ticket).not.toHaveProperty('channel');

    const unsigned = job('ping host 198.18.0.1', { origin: { via: 'cli', user: 'alice' } });
    expect(ticketOf(unsigned, optionsFor(unsigned))).toMatchObject({ user: 'operator:alice' });
    expect(ticketOf(unsigned, optionsFor(unsigned))).not.toHaveProperty('channel');
  });

  it('locks the first target of a privileged capture as cluster/namespace/kind/name', () => {
    const tcpdump = job('tcpdump pod/web -i eth0 --namespace payments');
    expect(ticketOf(tcpdump, optionsFor(tcpdump)).captureTarget).toBe('prod/payments/pod/web');
    const ngrep = job('ngrep container/api -d eth0 GET');
    expect(ticketOf(ngrep, optionsFor(ngrep)).captureTarget).toBe('prod/default/container/api');
  });

  it('locks no target for tools that do not capture, nor for a capture tool run as a read tool', () => {
    const nmap = job('nmap pod/web 198.18.0.1');
    expect(ticketOf(nmap, optionsFor(nmap))).not.toHaveProperty('captureTarget');
    const iftop = job('iftop pod/web -i eth0');
    expect(optionsFor(iftop).privilege).toBe('privileged');
    expect(ticketOf(iftop, optionsFor(iftop)).captureTarget).toBe('prod/default/pod/web');
    expect(ticketOf(iftop, optionsFor(iftop, { privilege: 'read' }))).not.toHaveProperty('captureTarget');
  });

  it('names capture tools that are in the catalogue, and locks only the tools the caller names', () => {
    for (const tool of defaultCaptureTools) expect(findCommand(tool)).toBeDefined();
    const tcpdump = job('tcpdump pod/web -i eth0');
    expect(ticketOf(tcpdump, optionsFor(tcpdump, { captureTools: ['ngrep'] }))).not.toHaveProperty(
      'captureTarget',
    );
  });
});

describe('the admission ticket at a door, before the job exists', () => {
  it('is made from the request, the dedupe key and the authorization alone, and equals the job’s', () => {
    const request = parseRequest('tcpdump pod/web -i eth0', commands);
    const authorization: JobAuthorization = {
      subject: { kind: 'slack', userId: 'U1', channelId: 'C1' },
      door: 'slash-command',
      rule: 'sre',
    };
    const options: TicketOptions = { privilege: 'privileged', cluster: 'prod', overheadMs: 60_000 };
    const atDoor = ticketOf({ request, dedupeKey: 'trigger-9', authorization }, options);
    const data: JobData = {
      version: 1,
      request,
      origin: { via: 'slack', teamId: 'T1', channelId: 'C1', userId: 'U1' },
      dedupeKey: 'trigger-9',
      requestedAt: '2026-11-30T05:00:00.000Z',
      authorization: { ...authorization, signature: 'a'.repeat(64) },
    };
    expect(atDoor).toEqual(ticketOf(data, options));
    expect(atDoor).toMatchObject({ user: 'U1', channel: 'C1', captureTarget: 'prod/default/pod/web' });
  });
});
