import { debianPackagesIn, readmeTable } from './readme-tables.js';
import { parseIncludedPackages, readSeedPackageList, seedReadmePath } from './seed-list.js';
import { mappingOf, packageMap } from './seed-packages.js';

/**
 * The seed's own package list (../shared/seed/netshoot-README.md), the mapping the image tests use
 * (seed-packages.ts) and image/README.md's tables must agree, so none of them can drift from the
 * seed. Needs no Docker: inventory.test.ts runs each mapped package's probe in the built image.
 */
describe("the seed's package list, its Debian mapping and image/README.md", () => {
  const seedList = readSeedPackageList();

  it("reads the seed's list from the seed README, including the tracing and Python tools", () => {
    expect(seedReadmePath()).toMatch(/shared\/seed\/netshoot-README\.md$/);
    expect(seedList).toEqual(
      expect.arrayContaining(['bcc-tools', 'bpftrace-tools', 'ipython', 'pstree', 'py3-virtualenv', 'tree']),
    );
    expect(new Set(seedList).size).toBe(seedList.length);
  });

  it('reads only the indented names of the "Included Packages" section', () => {
    const readme = [
      '**Network Problems**',
      '    not-a-package-list',
      '**Included Packages:** The following packages are included.',
      '',
      '    bash',
      '    py3-virtualenv',
      '',
      '## **Use Cases:**',
      '    iperf -s',
    ].join('\n');
    expect(parseIncludedPackages(readme)).toEqual(['bash', 'py3-virtualenv']);
    expect(() => parseIncludedPackages('# no list here')).toThrow(/no "\*\*Included Packages:\*\*" section/);
  });

  it("maps every package of the seed's list to Debian packages or to the not-in-Debian table", () => {
    const unmapped = seedList.filter((name) => mappingOf(name) === undefined);
    expect({ unmappedInSeedPackagesTs: unmapped }).toEqual({ unmappedInSeedPackagesTs: [] });
  });

  it("lists the seed's packages in image/README.md in the seed's order, with the same Debian names", () => {
    const table = readmeTable('Seed packages and their Debian names');
    expect(table.map((row) => row.name)).toEqual(seedList);
    for (const row of table) {
      expect([row.name, debianPackagesIn(row.cells[0])]).toEqual([row.name, mappingOf(row.name)?.debian]);
    }
  });

  it('lists the packages beyond the seed in image/README.md, with the same Debian names', () => {
    const beyond = packageMap.filter((entry) => !seedList.includes(entry.name));
    const table = readmeTable("Beyond the seed's list");
    expect(table.map((row) => row.name)).toEqual(beyond.map((entry) => entry.name));
    for (const row of table) {
      expect([row.name, debianPackagesIn(row.cells[0])]).toEqual([row.name, mappingOf(row.name)?.debian]);
    }
  });

  it('says in image/README.md why Debian has none of the others, and what stands in for each', () => {
    const none = packageMap.filter((entry) => entry.debian.length === 0);
    const table = readmeTable('Not in Debian');
    expect(table.map((row) => row.name)).toEqual(none.map((entry) => entry.name));
    for (const row of table) {
      const [why, standIn] = row.cells;
      expect({ name: row.name, hasReason: (why ?? '') !== '', hasStandIn: (standIn ?? '') !== '' }).toEqual({
        name: row.name,
        hasReason: true,
        hasStandIn: true,
      });
    }
  });
});
