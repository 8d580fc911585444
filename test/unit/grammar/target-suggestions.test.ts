import { commands } from '../../../commands/index.js';
import { InvalidInputError } from '../../../src/errors.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { suggestTargets } from '../../../src/grammar/suggest-targets.js';

function refusal(text: string): InvalidInputError {
  try {
    parseRequest(text, commands);
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error(`parseRequest accepted ${text}`);
}

describe('suggestTargets, "did you mean" for a target that is not one', () => {
  it.each([
    ['pdo/web', ['pod/web']],
    ['deployments/api', ['deploy/api']],
    ['deploymnet/api', ['deploy/api']],
    ['svcs/db', ['svc/db']],
    ['contianer/web', ['container/web']],
    ['nod/worker-1', ['node/worker-1', 'pod/worker-1']],
    ['hots', ['host']],
    ['configmap/x', []],
    ['kubernetes.default', []],
    ['10.0.0.1', []],
    ['db', []],
  ])('%s -> %j', (word, expected) => {
    expect(suggestTargets(word)).toEqual(expected);
  });
});

describe('parseRequest on a target written wrong', () => {
  it.each([
    ['dig pdo/web db', /^'pdo' in 'pdo\/web' is not a kind of target$/, 'did you mean: pod/web?'],
    [
      'ping deployments/api 10.0.0.1',
      /'deployments' in 'deployments\/api' is not a kind/,
      'did you mean: deploy/api?',
    ],
    ['ping hots 10.0.0.1', /^ping needs a target right after its name, not 'hots'$/, 'did you mean: host?'],
    ['iperf3 pod/a contianer/b', /'contianer' in 'contianer\/b' is not a kind/, 'did you mean: container/b?'],
    // A destination among the tool's arguments: it fails as a host name, and the hint says what was meant.
    ['nc pod/a pdo/db 5432', /HOST: 'pdo\/db' is not a hostname or IP address/, 'did you mean: pod/db?'],
    ['ping pod/a svcs/db', /'svcs\/db'/, 'did you mean: svc/db?'],
  ])('%s: says so, and what was meant', (text, message, hint) => {
    const error = refusal(text);
    expect(error.message).toMatch(message);
    expect(error.hints).toContain(hint);
  });

  it('lists the target forms under the guess for the target itself', () => {
    expect(refusal('dig pdo/web db').hints).toEqual([
      'did you mean: pod/web?',
      expect.stringMatching(/^targets are written pod\/NAME, deploy\/NAME, /) as string,
      expect.stringMatching(/^usage: /) as string,
      expect.stringMatching(/^example: /) as string,
    ]);
  });

  it.each([
    ['dig configmap/x db', /'configmap' in 'configmap\/x' is not a kind of target/],
    ['dig kubernetes.default', /dig needs a target right after its name, not 'kubernetes.default'/],
  ])('%s: no guess when nothing is near', (text, message) => {
    const error = refusal(text);
    expect(error.message).toMatch(message);
    expect(error.hints.some((hint) => hint.startsWith('did you mean'))).toBe(false);
  });
});
