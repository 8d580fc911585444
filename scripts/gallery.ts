/**
 * docs/gallery.md (issue 13): real messages as Slack shows them. `npm run gallery`.
 *
 * Each message of test/harness/gallery/gallery-entries.ts (recorded real outputs through the current
 * renderers, plus a running and a queued job) is laid out as HTML the way Slack lays it out, with its
 * charts rendered by src/charts, and screenshot by headless Chromium (Debian's `chromium`, or
 * CHROMIUM=/path). The images go to docs/gallery/, the hash of what each was drawn from to
 * docs/gallery/manifest.json: test/unit/docs/gallery-current.test.ts fails when a renderer has
 * changed since.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { renderChart } from '../src/charts/render-chart.js';
import { conversationPage, type Conversation } from '../test/harness/gallery/block-kit-html.js';
import {
  entryHash,
  galleryDir,
  galleryEntries,
  manifestPath,
  type GalleryEntry,
  type GalleryManifest,
} from '../test/harness/gallery/gallery-entries.js';

const run = promisify(execFile);
const chromium = process.env.CHROMIUM ?? 'chromium';
/** Slack's message column on a laptop, in CSS pixels; the screenshots are twice that for HiDPI. */
const width = 720;
const deviceScale = 2;
/** Taller than any message; the screenshot is cropped to what the page drew. */
const windowHeight = 4000;

async function drawEntry(entry: GalleryEntry, work: string): Promise<string> {
  const images = await Promise.all(
    entry.charts.map(async (chart) => {
      const image = await renderChart(chart);
      await writeFile(join(work, image.filename), image.png);
      return { title: image.title, src: image.filename };
    }),
  );
  const conversation: Conversation = {
    channel: entry.channel,
    ...(entry.thread ? { thread: { ...entry.thread, images } } : {}),
  };
  const page = join(work, `${entry.name}.html`);
  await writeFile(page, conversationPage(conversation, width));
  const shot = join(work, `${entry.name}.png`);
  try {
    // An argv, no shell; a profile of its own so that another chromium on the machine is no matter.
    await run(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        '--no-first-run',
        `--user-data-dir=${join(work, 'profile')}`,
        `--force-device-scale-factor=${deviceScale}`,
        `--window-size=${width},${windowHeight}`,
        `--screenshot=${shot}`,
        pathToFileURL(page).href,
      ],
      { timeout: 60_000 },
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new Error(
        `${chromium} is not installed: apt-get install chromium (Debian), or set CHROMIUM to a Chrome or Chromium binary`,
      );
    }
    throw error;
  }
  const out = join(galleryDir, `${entry.name}.png`);
  await writeFile(out, cropToContent(await readFile(shot)));
  return `${entry.name}.png`;
}

/** Cuts the white below the last thing the page drew, leaving a margin. */
function cropToContent(png: Buffer): Buffer {
  const image = PNG.sync.read(png);
  let last = 0;
  for (let y = image.height - 1; y >= 0 && last === 0; y -= 1) {
    for (let x = 0; x < image.width; x += 1) {
      const offset = (y * image.width + x) * 4;
      if ((image.data[offset] as number) < 245 || (image.data[offset + 2] as number) < 245) {
        last = y;
        break;
      }
    }
  }
  const height = Math.min(image.height, last + 12 * deviceScale);
  const cropped = new PNG({ width: image.width, height });
  image.data.copy(cropped.data, 0, 0, image.width * height * 4);
  // No alpha: a screenshot is opaque, and RGB makes the committed files a quarter smaller.
  return PNG.sync.write(cropped, { colorType: 2 });
}

function galleryMarkdown(entries: readonly GalleryEntry[]): string {
  return `# Gallery

Real messages as Slack shows them: each is a recorded output of the real tool
(test/fixtures/tool-output) through the bot's current renderers, the same renderings the golden tests
compare, laid out as Slack lays them out and photographed by headless Chromium. The channel message
comes first, the thread reply under it with its files and charts.

\`npm run gallery\` redraws them (it needs \`chromium\`); \`test/unit/docs/gallery-current.test.ts\` fails
when a renderer has changed since the pictures were taken.

${entries.map((entry) => `## ${entry.name}\n\n${entry.caption}.\n\n![${entry.caption}](gallery/${entry.name}.png)\n`).join('\n')}`;
}

const entries = galleryEntries();
const work = await mkdtemp(join(tmpdir(), 'netshoot-gallery-'));
try {
  await mkdir(galleryDir, { recursive: true });
  const images: GalleryManifest['images'][number][] = [];
  for (const entry of entries) {
    const file = await drawEntry(entry, work);
    images.push({ name: entry.name, file, hash: entryHash(entry) });
    console.log(`docs/gallery/${file}`);
  }
  // Pictures of messages that left the gallery go too, so that the folder is what the page shows.
  const keep = new Set([...images.map((image) => image.file), 'manifest.json']);
  for (const file of await readdir(galleryDir)) {
    if (!keep.has(file)) await rm(join(galleryDir, file));
  }
  const manifest: GalleryManifest = { images };
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(galleryDir, '..', 'gallery.md'), galleryMarkdown(entries));
  console.log('docs/gallery.md');
} finally {
  await rm(work, { recursive: true, force: true });
}
