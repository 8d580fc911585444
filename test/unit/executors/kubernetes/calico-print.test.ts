import { calicoKind } from '../../../../src/executors/kubernetes/calico/calico-kinds.js';
import {
  goG5,
  goWhole,
  printBoxTable,
  printPsTable,
} from '../../../../src/executors/kubernetes/calico/calico-print.js';

// Expected text is calicoctl's own: its system tests' tables (calicoctl/tests/st/utils/data.py) and
// the `ipam show --show-blocks` output quoted in calicoctl/tests/fv/ipam_test.go.

/** calicoctl's st tests compare with the trailing spaces of the last line taken off. */
const trimLast = (text: string): string => text.replace(/\s+$/, '');

/** The IPPool of data.py (ippool_name1_rev1_v4), as the API returns it. */
const pool = {
  metadata: { name: 'ippool-name1' },
  spec: {
    cidr: '10.0.1.0/24',
    ipipMode: 'Always',
    vxlanMode: 'Never',
    blockSize: 27,
    allowedUses: ['Workload', 'Tunnel'],
    assignmentMode: 'Automatic',
    nodeSelector: "foo == 'bar'",
  },
};

function printKind(kindName: string, wide: boolean, objects: (typeof pool)[]): string {
  const kind = calicoKind(kindName)!;
  const headings = wide ? kind.wide : kind.headings;
  return printPsTable(
    headings,
    objects.map((object) => headings.map((heading) => kind.cell(object, heading))),
  );
}

describe("calicoctl get's table, as Go's tabwriter prints it", () => {
  it('prints an IP pool as calicoctl does (ippool_name1_rev1_table)', () => {
    expect(trimLast(printKind('ippools', false, [pool]))).toBe(
      'NAME           CIDR          SELECTOR       \n' + "ippool-name1   10.0.1.0/24   foo == 'bar'",
    );
  });

  it('prints -o wide with its defaults: NAT false, modes, ASSIGNMENTMODE (ippool_name1_rev1_wide_table)', () => {
    expect(trimLast(printKind('ipp', true, [pool]))).toBe(
      'NAME           CIDR          NAT     IPIPMODE   VXLANMODE   DISABLED   DISABLEBGPEXPORT   SELECTOR       ASSIGNMENTMODE   \n' +
        "ippool-name1   10.0.1.0/24   false   Always     Never       false      false              foo == 'bar'   Automatic",
    );
  });

  it('ends with the blank line calicoctl leaves after each table', () => {
    expect(printKind('ippool', false, [pool]).endsWith("'bar'   \n\n")).toBe(true);
  });

  it('shows a policy without a tier in the default tier, and a missing order as Go prints a nil pointer', () => {
    const policy = { metadata: { name: 'allow-dns' }, spec: { selector: 'all()' } };
    const kind = calicoKind('gnp')!;
    expect(kind.wide.map((heading) => kind.cell(policy as never, heading))).toEqual([
      'allow-dns',
      'default',
      '<nil>',
      'all()',
    ]);
  });
});

describe("calicoctl ipam show's box table, as go-pretty prints it", () => {
  it('matches the output quoted in calicoctl fv tests, headers centred and numbers right-aligned', () => {
    const headings = ['GROUPING', 'CIDR', 'IPS TOTAL', 'IPS IN USE', 'IPS FREE'];
    const rows = [
      ['IP Pool', '10.65.0.0/16', goG5(65536), `5 (${goWhole(0)}%)`, `65531 (${goWhole(99.99)}%)`],
      ['Block', '10.66.137.232/29', goG5(8), `3 (${goWhole(37.5)}%)`, `5 (${goWhole(62.5)}%)`],
      ['IP Pool', 'fd5f:abcd:64::/48', goG5(2 ** 80), '7 (0%)', `${goG5(2 ** 80 - 7)} (100%)`],
      ['Block', 'fd5f:abcd:64:4f2c:ec1b:27b9:1989:77c0/122', goG5(64), '7 (11%)', '57 (89%)'],
    ];
    // That calicoctl right-aligned IPS TOTAL only; today's aligns every count column (show.go).
    expect(printBoxTable(headings, rows, new Set(['IPS TOTAL']))).toBe(
      [
        '+----------+-------------------------------------------+------------+------------+-------------------+',
        '| GROUPING |                   CIDR                    | IPS TOTAL  | IPS IN USE |     IPS FREE      |',
        '+----------+-------------------------------------------+------------+------------+-------------------+',
        '| IP Pool  | 10.65.0.0/16                              |      65536 | 5 (0%)     | 65531 (100%)      |',
        '| Block    | 10.66.137.232/29                          |          8 | 3 (38%)    | 5 (62%)           |',
        '| IP Pool  | fd5f:abcd:64::/48                         | 1.2089e+24 | 7 (0%)     | 1.2089e+24 (100%) |',
        '| Block    | fd5f:abcd:64:4f2c:ec1b:27b9:1989:77c0/122 |         64 | 7 (11%)    | 57 (89%)          |',
        '+----------+-------------------------------------------+------------+------------+-------------------+',
        '',
      ].join('\n'),
    );
  });

  it("formats counts as Go's %.5g and percentages as %.f (halves to even)", () => {
    expect([goG5(64), goG5(65536), goG5(1048576), goG5(0)]).toEqual(['64', '65536', '1.0486e+06', '0']);
    expect([goWhole(37.5), goWhole(62.5), goWhole(99.99), goWhole(0.4)]).toEqual(['38', '62', '100', '0']);
  });
});
