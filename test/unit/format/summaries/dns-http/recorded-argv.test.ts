import { commands } from '../../../../../commands/index.js';
import { planRequest } from '../../../../../src/catalogue/plan.js';
import { parseRequest } from '../../../../../src/grammar/parse-request.js';
import { recordedOutputs } from '../../../../harness/golden/render-golden.js';

// The recorded outputs are worth something only if they came from the argv the bot runs: each
// case's request, through the real catalogue, plans to the argv that was recorded (curl's
// --max-time below the deadline included).

const tools = new Set(['dig', 'drill', 'host', 'nslookup', 'curl', 'tls', 'ab']);
const recorded = recordedOutputs().filter(
  // Those recorded before the recorder (issue 13) ran an older argv; their capturedOn names no tools.
  ({ meta }) => tools.has(meta.tool) && meta.capturedOn.includes('tools'),
);

describe('the DNS and HTTP recordings ran what the bot runs', () => {
  it('has recordings to check', () => {
    expect(recorded.length).toBeGreaterThan(30);
  });

  it.each(recorded.map((each) => [each.name, each] as const))('%s', async (_name, { meta }) => {
    const plan = await planRequest(parseRequest(meta.request, commands), {
      resolve: () => {
        throw new Error('a recorded request names addresses, not targets to resolve');
      },
      commands,
    });
    expect(plan).toEqual({ kind: 'single', argv: meta.argv });
  });
});
