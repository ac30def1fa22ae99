/**
 * Global setup of the browser project: builds the web application once per run, so the tests
 * always exercise the current web/src (the server serves web/dist). Vitest sets NODE_ENV=test,
 * which would make Vite bundle React's development build; web/dist must stay a production build
 * because `npm start` serves the same folder.
 */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'web/vite.config.ts', mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
