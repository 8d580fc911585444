#!/usr/bin/env node
// The installed executable: the compiled CLI (`npm run build` writes dist/). No exit() here, so
// long-running commands (bot, worker, all) keep the process alive through their open handles.
import { main } from '../dist/src/main/cli.js';

process.exitCode = await main(process.argv.slice(2));
