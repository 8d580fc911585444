#!/usr/bin/env node
// The installed executable: the compiled CLI, bundled (`npm run build` writes dist/cli/, see
// scripts/bundle-cli.mjs for why). No exit() here, so long-running commands (bot, worker, all) keep
// the process alive through their open handles.
import { main } from '../dist/cli/cli.js';

// `netshoot-bot help | head`: a reader that stops early is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
