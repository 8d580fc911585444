import { descendingBy, renderTable, sortAndLimit, statsResult } from '../../../src/executors/stats-table.js';

describe('the stats table shared by Docker and Kubernetes', () => {
  const rows = [
    { name: 'b', cpu: 5 },
    { name: 'a', cpu: 5 },
    { name: 'c', cpu: 9 },
  ];
  const byCpu = descendingBy<{ name: string; cpu: number }>(
    (row) => row.cpu,
    (row) => row.name,
  );

  it('sorts busiest first, ties by name, and keeps the first `limit`', () => {
    expect(sortAndLimit(rows, byCpu, 2)).toEqual({ shown: [rows[2], rows[1]], total: 3 });
    expect(sortAndLimit(rows, byCpu).shown.map((row) => row.name)).toEqual(['c', 'a', 'b']);
  });

  it('lines columns up two spaces apart and says how many the limit left out', () => {
    expect(
      renderTable(
        ['NAME', 'CPU'],
        [
          ['longer-name', '9'],
          ['a', '5'],
        ],
        5,
      ).split('\n'),
    ).toEqual(['NAME         CPU', 'longer-name  9', 'a            5', '(3 more not shown)']);
  });

  it('makes a run of the snapshot whose argv is what the user asked', () => {
    const result = statsResult(
      { kind: 'node', name: 'n1' },
      { sort: 'memory', limit: 5, all: true },
      'table',
      Date.now(),
    );
    expect(result.argv).toEqual(['stats', 'node/n1', '--sort', 'memory', '--limit', '5', '--all']);
    expect(result).toMatchObject({ stdout: 'table\n', exitCode: 0, timedOut: false, canceled: false });
  });
});
