import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commands } from '../commands/index.js';
import { renderCommandsDoc } from '../src/catalogue/render-commands-doc.js';

/** `npm run docs`: writes docs/commands.md from the catalogue (a unit test fails when it is stale). */
const target = fileURLToPath(new URL('../docs/commands.md', import.meta.url));
writeFileSync(target, renderCommandsDoc(commands));
console.log(`wrote ${target} (${commands.length} commands)`);
