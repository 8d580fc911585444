import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commands } from '../../../commands/index.js';
import { chartSpec } from '../../../src/charts/render-chart.js';
import type { ChartData } from '../../../src/format/chart-data.js';
import { describeProgress, summarize } from '../../../src/format/summaries/index.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { renderJobMessage } from '../../../src/slack/blocks/job-message.js';
import { loadRecorded, renderGolden, type Recorded } from '../golden/render-golden.js';
import type { GalleryFile, GalleryMessage } from './block-kit-html.js';

// The messages of docs/gallery.md: each one from a real recorded output through the current
// renderers (the golden renderings), or a job still running. The script draws them; the currency
// test re-renders them and compares each one's hash with the one the picture was drawn from.

export interface GalleryEntry {
  /** The image's name in docs/gallery/, without `.png`. */
  readonly name: string;
  /** One line under the image in docs/gallery.md. */
  readonly caption: string;
  readonly channel: GalleryMessage;
  readonly thread?: { readonly message: GalleryMessage; readonly files: readonly GalleryFile[] };
  /** Charts the thread carries as PNG files. */
  readonly charts: readonly ChartData[];
}

interface Pick {
  readonly recording: string;
  /** A recording kept outside test/fixtures/tool-output (test/unit/charts/recorded). */
  readonly load?: () => Recorded;
  readonly caption: string;
}

const picks: readonly Pick[] = [
  { recording: 'dig-a-record', caption: 'dig that found the address' },
  { recording: 'dig-nxdomain', caption: 'dig for a name that does not exist (NXDOMAIN)' },
  { recording: 'nc-closed', caption: 'nc to a port nobody listens on: connection refused' },
  {
    recording: 'curl-server-error',
    caption: 'curl to a server that answers 503: broken, with its timing waterfall',
  },
  {
    recording: 'ping-loss',
    load: recordedPingLoss,
    caption: 'ping that lost 5 of 30 replies: the lost ones are red marks on the RTT chart',
  },
  { recording: 'ping-unreachable', caption: 'ping to an address that never answers: every reply lost' },
  {
    recording: 'mtr-blackhole',
    caption: 'mtr into a blackholed route: where the path stops, as a hop table',
  },
  { recording: 'ip-route-many', caption: 'ip route with 152 routes: a table like ip -br, not JSON' },
  {
    recording: 'iperf3-json',
    caption: 'iperf3 between two namespaces: intervals as a table, throughput and retransmit charts',
  },
];

const pingLossPath = join(process.cwd(), 'test/unit/charts/recorded/ping-loss.stdout');

/** test/unit/charts/recorded/README.md says how it was recorded. */
function recordedPingLoss(): Recorded {
  const argv = ['ping', '-c', '30', '-i', '0.2', '198.18.231.2'];
  return {
    name: 'ping-loss',
    meta: {
      tool: 'ping',
      request: 'ping netns/client 198.18.231.2 -c 30',
      argv,
      exitCode: 0,
      signal: null,
      durationMs: 5_960,
      capturedOn: 'netns rig by hand (test/unit/charts/recorded)',
      rig: { client: '198.18.231.10', server: '198.18.231.2' },
    },
    result: {
      argv,
      exitCode: 0,
      signal: null,
      timedOut: false,
      canceled: false,
      stdout: readFileSync(pingLossPath, 'utf8'),
      stderr: '',
      truncated: false,
      durationMs: 5_960,
      artifacts: [],
    },
  };
}

/** The same recorded ping half-way through: what a running job shows. */
const runningPing = {
  request: 'ping netns/client 198.18.231.2 -c 30',
  stdoutPath: pingLossPath,
  lines: 15,
  elapsedMs: 2_900,
};

export function galleryEntries(): GalleryEntry[] {
  return [...picks.map(recordedEntry), runningEntry(), queuedEntry()];
}

function recordedEntry(pick: Pick): GalleryEntry {
  const recorded = pick.load ? pick.load() : loadRecorded(pick.recording);
  const { slack } = renderGolden(recorded);
  return {
    name: pick.recording,
    caption: pick.caption,
    channel: slack.channel,
    thread: { message: slack.thread, files: slack.files },
    // The charts the summary asks for, as the Slack reporter renders and uploads them.
    charts: summarize(recorded.meta.tool, recorded.result)?.charts ?? [],
  };
}

function runningEntry(): GalleryEntry {
  const request = parseRequest(runningPing.request, commands);
  const stdout = readFileSync(runningPing.stdoutPath, 'utf8')
    .split('\n')
    .slice(0, runningPing.lines)
    .join('\n');
  const detail = describeProgress(request.tool, {
    argv: ['ping', '-c', '30', '198.18.231.2'],
    stdout: `${stdout}\n`,
    stderr: '',
    elapsedMs: runningPing.elapsedMs,
  });
  return {
    name: 'ping-running',
    caption:
      'a ping still running: the time so far, what it found when the tool reports progress, and Cancel',
    channel: renderJobMessage({
      jobId: '43',
      cluster: 'default',
      request,
      userId: 'U0ALICE',
      stage: 'running',
      elapsedMs: runningPing.elapsedMs,
      ...(detail === undefined ? {} : { detail }),
      executor: 'local',
    }),
    charts: [],
  };
}

function queuedEntry(): GalleryEntry {
  const request = parseRequest('mtr netns/client 198.18.109.2', commands);
  return {
    name: 'mtr-queued',
    caption: 'a job waiting for a worker, with the button that cancels it',
    channel: renderJobMessage({
      jobId: '44',
      cluster: 'default',
      request,
      userId: 'U0ALICE',
      stage: 'queued',
    }),
    charts: [],
  };
}

/**
 * What an image was drawn from, as a hash: the Block Kit of the message and the thread, the files,
 * and each chart's data and vega-lite spec (the renderers' whole say in the picture; fonts and
 * pixels are left out so the hash is the same on every machine).
 */
export function entryHash(entry: GalleryEntry): string {
  const drawn = {
    channel: entry.channel,
    thread: entry.thread ?? null,
    charts: entry.charts.map((chart) => ({ chart, spec: chartSpec(chart) })),
    caption: entry.caption,
  };
  return createHash('sha256').update(JSON.stringify(drawn)).digest('hex');
}

export const galleryDir = join(process.cwd(), 'docs/gallery');
export const manifestPath = join(galleryDir, 'manifest.json');

/** docs/gallery/manifest.json: each image and the hash of what it was drawn from. */
export interface GalleryManifest {
  readonly images: readonly { readonly name: string; readonly file: string; readonly hash: string }[];
}
