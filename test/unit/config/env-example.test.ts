import { readFileSync } from 'node:fs';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

/** The names .env.example sets or shows commented out (`NAME=` or `# NAME=`). */
function namesIn(example: string): string[] {
  return [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1] as string);
}

describe('.env.example, the start of a compose user’s .env', () => {
  const example = read('.env.example');
  // Compose substitutes ${NAME:-default} from .env: into the bot's environment, or its published port.
  const compose = read('docker-compose.yml');

  it('names only variables that docker-compose.yml passes on to the bot (or compose reads itself)', () => {
    const names = namesIn(example);
    expect(names).toEqual(
      expect.arrayContaining(['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN']),
    );
    const unknown = names.filter(
      (name) => name !== 'COMPOSE_PROJECT_NAME' && !compose.includes(`\${${name}:-`),
    );
    expect(unknown).toEqual([]);
  });

  it('leaves the secrets empty, so a copy without them fails the start-up check by name', () => {
    expect(example).toMatch(/^SLACK_SIGNING_SECRET=$/m);
    expect(example).toMatch(/^SLACK_BOT_TOKEN=$/m);
  });
});
