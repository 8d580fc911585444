import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  collectArtifacts,
  contentTypeOf,
  isArtifactPath,
  type ArtifactStore,
} from '../../../../src/executors/process-core/artifacts.js';

describe('artifacts a run leaves behind', () => {
  it.each([
    ['/tmp/netshoot-artifacts/capture-1.pcap', true],
    ['/tmp/netshoot-artifacts//capture-1.pcap', true],
    ['/tmp/netshoot-artifacts/sub/capture-1.pcap', false],
    ['/tmp/netshoot-artifacts/../../etc/passwd', false],
    ['/tmp/netshoot-artifacts/..', false],
    ['/tmp/netshoot-artifacts', false],
    ['netshoot-artifacts/capture-1.pcap', false],
    ['/etc/passwd', false],
  ])('takes %s from /tmp/netshoot-artifacts: %s', (path, expected) => {
    expect(isArtifactPath('/tmp/netshoot-artifacts', path)).toBe(expected);
    expect(isArtifactPath('/tmp/netshoot-artifacts/', path)).toBe(expected);
  });

  it('names pcaps and JSON by their content type, anything else as bytes', () => {
    expect(contentTypeOf('/tmp/x.pcap')).toBe('application/vnd.tcpdump.pcap');
    expect(contentTypeOf('/tmp/x.json')).toBe('application/json');
    expect(contentTypeOf('/tmp/x.txt')).toBe('application/octet-stream');
  });

  it('reads each file in the directory, deletes it there, and leaves what is outside alone', async () => {
    const root = await mkdtemp(join(tmpdir(), 'nsb-artifacts-'));
    const dir = join(root, 'session');
    try {
      await mkdir(dir);
      await writeFile(join(dir, 'capture.pcap'), 'pcap bytes');
      await writeFile(join(root, 'outside.pcap'), 'not mine');
      const store: ArtifactStore = {
        dir,
        read: (path) => readFile(path).catch(() => undefined), // dropped: a missing file is no artifact here
        remove: (path) => rm(path, { force: true }),
      };
      const problems: string[] = [];
      const artifacts = await collectArtifacts(
        store,
        [join(dir, 'capture.pcap'), join(dir, 'never-written.pcap'), `${dir}/../outside.pcap`],
        (note) => problems.push(note),
      );
      expect(problems).toEqual([]);
      expect(artifacts.map(({ name, contentType, data }) => [name, contentType, data.toString()])).toEqual([
        ['capture.pcap', 'application/vnd.tcpdump.pcap', 'pcap bytes'],
      ]);
      expect(await readdir(dir)).toEqual([]);
      expect(await readdir(root)).toEqual(['outside.pcap', 'session']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('says in words a file that could not be read back or deleted, and still collects the others', async () => {
    const store: ArtifactStore = {
      dir: '/tmp/session',
      read: async (path) => {
        if (path.endsWith('broken.pcap')) throw new Error('cat: broken.pcap: Permission denied');
        return Buffer.from('bytes');
      },
      remove: async (path) => {
        if (path.endsWith('kept.pcap')) throw new Error('rm: exit 1');
      },
    };
    const problems: string[] = [];
    const artifacts = await collectArtifacts(
      store,
      ['/tmp/session/broken.pcap', '/tmp/session/kept.pcap'],
      (note) => problems.push(note),
    );
    expect(artifacts.map((artifact) => artifact.name)).toEqual(['kept.pcap']);
    expect(problems).toEqual([
      'netshoot-bot: could not read back /tmp/session/broken.pcap: cat: broken.pcap: Permission denied',
      'netshoot-bot: could not delete /tmp/session/kept.pcap: rm: exit 1',
    ]);
  });
});
