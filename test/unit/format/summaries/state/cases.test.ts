import { commands } from '../../../../../commands/index.js';
import { argvFor, planJob } from '../../../../../src/catalogue/plan.js';
import { parseRequest } from '../../../../../src/grammar/parse-request.js';
import { cases } from '../../../../fixtures/record/cases-state.js';

// The recorded outputs are worth only as much as their argv is the worker's: each state case runs
// exactly what the catalogue builds for its request.

const facts: Record<string, string> = {
  client: '198.18.64.10',
  server: '198.18.64.2',
  clientInterface: 'nsb64c',
  openPort: '5432',
  httpPort: '8080',
};
const fill = (text: string) => text.replace(/\{(\w+)\}/g, (whole, key: string) => facts[key] ?? whole);

describe.each(cases.map((recording) => [recording.name, recording] as const))(
  'the state case %s',
  (_, recording) => {
    it('runs the argv the catalogue builds for its request', () => {
      const plan = argvFor(planJob(parseRequest(fill(recording.request), commands), commands), {
        addresses: new Map(),
        ports: new Map(),
      });
      expect(plan.kind === 'single' ? plan.argv : plan).toEqual(recording.argv.map(fill));
    });
  },
);
