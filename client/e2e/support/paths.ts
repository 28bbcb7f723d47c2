import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
export const SERVER_MAIN = join(ROOT, 'dist/server/main.js');
export const CLIENT_DIST = join(ROOT, 'dist/client/browser');
/** screenshots of failed steps and the API's log */
export const ARTIFACTS = join(ROOT, 'tmp/e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
