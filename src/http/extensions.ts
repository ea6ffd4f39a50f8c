import { createStatsExtension } from '../analytics/extension.js';
import type { ServerExtension } from './extension.js';

/**
 * The extensions that `main.ts` installs into the server. The statistics/privacy extension is
 * added here by its engineer (one import and one entry); the server itself stays unaware of it.
 */
export const extensions: ServerExtension[] = [createStatsExtension()];
