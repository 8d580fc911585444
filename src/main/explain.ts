import type { Command } from 'commander';
import type { CommandDefinition } from '../catalogue/define-command.js';
import { formatDuration, parseDuration } from '../grammar/duration.js';
import { planRequest, type Plan } from '../catalogue/plan.js';
import { parseRequest } from '../grammar/parse-request.js';
import type { Request } from '../grammar/request.js';
import type { ServicePortRef } from '../grammar/service-port.js';
import { formatTarget, type TargetRef } from '../grammar/target.js';
import { quoteForDisplay } from '../grammar/tokenise.js';
import { exitCodes, type CliContext } from './cli-context.js';
import { lineFromWords } from './line-from-words.js';

/** `netshoot-bot explain "<line>"`: parse and plan only (SPEC 2); runs nothing, resolves nothing. */
export function registerExplain(program: Command, context: CliContext): void {
  program
    .command('explain')
    .description('parse and plan a command line as typed after /netshoot; runs nothing; exit 2 when invalid')
    .argument('<line...>', 'the command line, quoted as one argument or as separate words')
    .option('--json', 'print the plan as JSON')
    // The tool's own flags (-c 1, -tulpn) belong to the line, not to explain.
    .allowUnknownOption()
    .action(async (words: string[], options: { json?: boolean }) => {
      const { request, plan } = await explainLine(lineFromWords(words), context.commands);
      const command = context.commands.find(
        (candidate) => candidate.name === request.tool,
      ) as CommandDefinition;
      context.print(
        options.json
          ? JSON.stringify(planAsJson(request, plan, command), null, 2)
          : planAsText(request, plan, command),
      );
      context.exitCode = exitCodes.ok;
    });
}

/** Placeholders stand where the worker will put real addresses. */
export const addressPlaceholder = (target: TargetRef): string => `<address of ${formatTarget(target)}>`;
export const portPlaceholder = (ref: ServicePortRef): string =>
  `<port ${ref.portName} of ${formatTarget(ref.service)}>`;

export async function explainLine(
  line: string,
  commands: readonly CommandDefinition[],
): Promise<{ request: Request; plan: Plan }> {
  const request = parseRequest(line, commands);
  const plan = await planRequest(request, {
    resolve: addressPlaceholder,
    resolvePort: portPlaceholder,
    context: request.options.pcap ? { pcapFile: '<artifact dir>/capture.pcap' } : {},
    commands,
  });
  return { request, plan };
}

export function planAsJson(request: Request, plan: Plan, command: CommandDefinition) {
  return {
    tool: request.tool,
    targets: request.targets,
    namespace: request.namespace,
    cluster: request.cluster,
    argv: plan.kind === 'single' ? plan.argv : { server: plan.server, client: plan.client },
    ...(plan.kind === 'two-party' ? { listen: plan.listen } : {}),
    timeoutMs: request.options.timeoutMs,
    privilege: command.privilege,
    options: {
      grep: request.options.grep ?? null,
      raw: request.options.raw,
      file: request.options.file,
      pcap: request.options.pcap,
    },
  };
}

export function planAsText(request: Request, plan: Plan, command: CommandDefinition): string {
  const where = `namespace ${request.namespace}, cluster ${request.cluster}`;
  const [first, second] = request.targets.map(formatTarget);
  const shown = (argv: readonly string[]) => argv.map(quoteForDisplay).join(' ');
  const heading =
    plan.kind === 'two-party'
      ? `${request.tool}: server in ${first}, client in ${second} (${where})`
      : first === undefined
        ? `${request.tool} where the worker runs, no target (cluster ${request.cluster})`
        : `${request.tool} in ${first} (${where})`;
  const options = [
    ...(request.options.grep !== undefined ? [`--grep ${quoteForDisplay(request.options.grep)}`] : []),
    ...(request.options.raw ? ['--raw'] : []),
    ...(request.options.file ? ['--file'] : []),
    ...(request.options.pcap ? ['--pcap'] : []),
  ];
  const lines = [
    heading,
    `  privilege  ${command.privilege}`,
    `  timeout    ${formatDuration(request.options.timeoutMs)} (at most ${formatDuration(parseDuration(command.timeout.max))})`,
    ...(plan.kind === 'two-party'
      ? [
          `  server     ${shown(plan.server)}`,
          `  listens    ${plan.listen.protocol}/${plan.listen.port}`,
          `  client     ${shown(plan.client)}`,
        ]
      : [`  argv       ${shown(plan.argv)}`]),
    ...(options.length > 0 ? [`  options    ${options.join(' ')}`] : []),
  ];
  return lines.join('\n');
}
