import { chartFilename } from '../../../src/charts/chart-filename.js';

describe('chartFilename', () => {
  test.each([
    ['ping RTT to 198.18.0.2', 'ping-rtt-to-198-18-0-2.png'],
    ['curl timing of https://api.example.test/v1?x=1', 'curl-timing-of-https-api-example-test-v1-x-1.png'],
    ['../../etc/passwd', 'etc-passwd.png'],
    ['Überlast — mtr', 'uberlast-mtr.png'],
    ['', 'chart.png'],
    ['!!!', 'chart.png'],
  ])('%s becomes %s', (title, filename) => {
    expect(chartFilename(title)).toBe(filename);
  });

  test('a long title is cut to a name a file system and Slack both take', () => {
    expect(chartFilename('x'.repeat(300)).length).toBeLessThanOrEqual(84);
  });
});
