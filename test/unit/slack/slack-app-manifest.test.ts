import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Manifest {
  features: { slash_commands: { command: string; url?: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url?: string }; socket_mode_enabled: boolean };
}

const read = (name: string) => parse(readFileSync(join('deploy', name), 'utf8')) as Manifest;

/** Each Web API call src/slack makes, and the bot scope Slack requires for it. */
const scopeOfCall: Readonly<Record<string, string>> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'usergroups.users.list': 'usergroups:read',
  filesUploadV2: 'files:write',
};

function callsInSlackSource(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts')) {
        const source = readFileSync(path, 'utf8');
        for (const match of source.matchAll(
          /client\.(chat\.\w+|files\.\w+|filesUploadV2|conversations\.\w+|users\.\w+|usergroups\.\w+\.\w+)\(/g,
        )) {
          if (match[1]) found.add(match[1]);
        }
      }
    }
  };
  walk('src/slack');
  return found;
}

describe('the Slack app manifests', () => {
  it('ask for exactly the scopes of the calls the code makes, plus the slash command', () => {
    const calls = callsInSlackSource();
    expect([...calls].sort()).toEqual(Object.keys(scopeOfCall).sort());
    const needed = new Set(['commands', ...[...calls].map((call) => scopeOfCall[call])]);
    for (const name of ['slack-app-manifest.yaml', 'slack-app-manifest.socket-mode.yaml']) {
      expect(read(name).oauth_config.scopes.bot.sort()).toEqual([...needed].sort());
    }
  });

  it('send the slash command and the buttons of HTTP mode to POST /slack/events', () => {
    const manifest = read('slack-app-manifest.yaml');
    expect(manifest.features.slash_commands).toEqual([expect.objectContaining({ command: '/netshoot' })]);
    expect(new URL(manifest.features.slash_commands[0]?.url ?? '').pathname).toBe('/slack/events');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(new URL(manifest.settings.interactivity.request_url ?? '').pathname).toBe('/slack/events');
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('turn Socket Mode on, with no Request URL, in the Socket Mode variant', () => {
    const manifest = read('slack-app-manifest.socket-mode.yaml');
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true });
    expect(manifest.features.slash_commands).toEqual([
      expect.not.objectContaining({ url: expect.anything() }),
    ]);
    expect(manifest.features.slash_commands[0]?.command).toBe('/netshoot');
  });
});
