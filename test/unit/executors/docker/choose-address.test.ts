import { TargetUnavailableError } from '../../../../src/errors.js';
import { chooseAddress, type AddressSide } from '../../../../src/executors/docker/targets/docker-address.js';

const onNetworks = (written: string, ...networks: [string, string, string][]): AddressSide => ({
  kind: 'addresses',
  written,
  addresses: networks.map(([networkName, ip, gateway]) => ({
    networkId: `id-${networkName}`,
    networkName,
    ip,
    gateway,
  })),
});

describe('choosing the address one Docker target reaches another by', () => {
  const a = onNetworks(
    'container/a',
    ['bridge', '198.18.0.2', '198.18.0.1'],
    ['perf', '198.19.5.2', '198.19.5.1'],
  );
  const b = onNetworks(
    'container/b',
    ['bridge', '198.18.0.3', '198.18.0.1'],
    ['perf', '198.19.5.3', '198.19.5.1'],
  );
  const c = onNetworks('container/c', ['other', '198.19.6.2', '198.19.6.1']);

  it('uses the address on a user-defined network both share rather than the default bridge', () => {
    expect(chooseAddress(a, b)).toBe('198.19.5.2');
  });

  it('falls back to the default bridge when that is all they share', () => {
    const onlyBridge = onNetworks('container/d', ['bridge', '198.18.0.9', '198.18.0.1']);
    expect(chooseAddress(a, onlyBridge)).toBe('198.18.0.2');
  });

  it('refuses two containers with no network in common and says how to connect them', () => {
    expect(() => chooseAddress(a, c)).toThrow(TargetUnavailableError);
    expect(() => chooseAddress(a, c)).toThrow('container/a and container/c share no Docker network');
    try {
      chooseAddress(a, c);
    } catch (error) {
      expect((error as TargetUnavailableError).describe()).toContain('docker network connect');
    }
  });

  it('gives the first user-defined address when there is no peer', () => {
    expect(chooseAddress(a)).toBe('198.19.5.2');
  });

  it('reaches the host at the gateway of the peer network', () => {
    expect(chooseAddress({ kind: 'host', written: 'host' }, c)).toBe('198.19.6.1');
  });

  it('lets the host reach a container at its own address', () => {
    expect(chooseAddress(c, { kind: 'host', written: 'host' })).toBe('198.19.6.2');
  });

  it('explains why a target without an address cannot be a destination', () => {
    expect(() =>
      chooseAddress({ kind: 'none', written: 'network/x', why: 'no address of its own' }, a),
    ).toThrow('network/x has no address: no address of its own');
  });
});
