#!/usr/bin/env node
// The `civic` command. The TypeScript sources are compiled to dist/ by `npm install` (prepare)
// and `npm start` (prestart); this file only hands over to the compiled CLI.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('civic: not built yet. Run `npm install` (or `npm run build`) first.\n');
  process.exit(1);
}
const { main } = await import(entry);
await main(process.argv);
