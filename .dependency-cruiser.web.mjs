/**
 * The rules of .dependency-cruiser.mjs for web/src/ (`npm run arch` runs both): the same rules,
 * with the page's own TypeScript settings (web/tsconfig.json: bundler resolution, Preact JSX).
 * dependency-cruiser takes one tsconfig per run, and needs its name absolute.
 */
import { URL, fileURLToPath } from 'node:url';
import base from './.dependency-cruiser.mjs';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  ...base,
  options: { ...base.options, tsConfig: { fileName: fileURLToPath(new URL('web/tsconfig.json', import.meta.url)) } },
};
