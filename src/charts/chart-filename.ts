/**
 * The PNG's name in the thread, from the chart's title: "ping RTT to 198.18.0.2" becomes
 * "ping-rtt-to-198-18-0-2.png". Only [a-z0-9-], so no title can make a path or a shell word.
 */
export function chartFilename(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${slug === '' ? 'chart' : slug}.png`;
}
