#!/usr/bin/env node
// The built CLI lives in dist/ (built by `npm install` through the prepare script, or `npm run build`).
import process from 'node:process';
import { URL } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
try {
  await import(entry.href);
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/src/cli/main.js')) {
    process.stderr.write('compressorimage is not built yet: run `npm run build` in the project folder first.\n');
    process.exit(2);
  }
  throw error;
}
