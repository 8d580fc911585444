// `node --import <this>`: records the URL of every module the program imports in RECORD_IMPORTS_TO.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url, { data: { file: process.env.RECORD_IMPORTS_TO } });
