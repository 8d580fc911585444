import { isPortName, servicePortRefOf } from '../../../src/grammar/service-port.js';

describe('Service port names', () => {
  it.each(['pg', 'http', 'https', 'metrics-9090', 'h2c', 'a'])('reads %s as a port name', (word) => {
    expect(isPortName(word)).toBe(true);
  });

  it.each([
    ['5432', 'digits alone are a number'],
    ['Pg', 'upper case'],
    ['-pg', 'a leading dash'],
    ['pg-', 'a trailing dash'],
    ['my--port', 'two dashes'],
    ['a-very-long-portname', 'more than 15 characters'],
    ['22,80', 'a port list'],
  ])('does not read %s as a port name (%s)', (word) => {
    expect(isPortName(word)).toBe(false);
  });

  it('makes a reference to the port of a Service written as svc/NAME', () => {
    expect(servicePortRefOf({ kind: 'svc', name: 'db' }, 'pg')).toEqual({
      service: { kind: 'svc', name: 'db' },
      portName: 'pg',
    });
  });

  it.each([
    [{ kind: 'pod', name: 'db' }, 'pg', 'a pod has no Service ports'],
    ['db', 'pg', 'a plain host name'],
    [{ kind: 'svc', name: 'db' }, '5432', 'a number'],
    [undefined, 'pg', 'no host'],
  ] as const)('makes none for %j and %s (%s)', (host: unknown, value: string, _why: string) => {
    expect(servicePortRefOf(host, value)).toBeUndefined();
  });
});
