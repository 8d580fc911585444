import { ApiException } from '@kubernetes/client-node';
import {
  InvalidInputError,
  OperatorError,
  TargetNotFoundError,
  TransientError,
  fateOf,
} from '../../../src/errors.js';
import { translateApiError } from '../../../src/executors/kubernetes/kube-api-errors.js';
import { userMessageFor } from '../../../src/worker/job-failure.js';

function apiError(code: number, message: string): ApiException<string> {
  return new ApiException(code, `HTTP ${code}`, JSON.stringify({ kind: 'Status', message }), {});
}

describe('what becomes of a failed job, by its error', () => {
  it('sorts errors into user, operator, transient and bug', () => {
    expect(fateOf(new InvalidInputError('x'))).toBe('user');
    expect(fateOf(new TargetNotFoundError('x'))).toBe('user');
    expect(fateOf(new OperatorError('x'))).toBe('operator');
    expect(fateOf(new TransientError('x'))).toBe('transient');
    expect(fateOf(new TypeError('x'))).toBe('bug');
    expect(fateOf('a string')).toBe('bug');
  });

  it("makes the worker's RBAC refusing a call an operator error that names what an admin applies", () => {
    const error = translateApiError(
      apiError(
        403,
        'pods "web" is forbidden: User "system:serviceaccount:netshoot:netshoot-bot" cannot get resource "pods" in the namespace "shop"',
      ),
      'read pod web',
    );
    expect(fateOf(error)).toBe('operator');
    expect(userMessageFor(error, '9')).toBe(
      `the worker's service account may not read pod web (the Kubernetes API answered: pods "web" is forbidden: User "system:serviceaccount:netshoot:netshoot-bot" cannot get resource "pods" in the namespace "shop")\n` +
        'ask an admin to apply deploy/base/rbac.yaml, which grants the worker what it needs',
    );
  });

  it('keeps an API that did not answer transient and a missing target a user error', () => {
    expect(fateOf(translateApiError(apiError(503, 'etcd is down'), 'read pod web'))).toBe('transient');
    expect(fateOf(translateApiError(apiError(404, 'not found'), 'read pod web', 'pod web not found'))).toBe(
      'user',
    );
  });

  it('words each fate for the user: its own words, retries given up, or a reference for a bug', () => {
    expect(userMessageFor(new TargetNotFoundError('pod web not found', ['pods here: api']), '3')).toBe(
      'pod web not found\npods here: api',
    );
    expect(userMessageFor(new TransientError('registry answered 503'), '3')).toBe(
      'registry answered 503 (gave up after retries, ref #3)',
    );
    expect(userMessageFor(new TypeError('x is undefined'), '3')).toBe('internal error, ref #3');
  });
});
