/**
 * `npm run bench`: the benchmarks of BENCHMARKS.md, one after another (never in parallel:
 * they would measure each other). Arguments after `--` go to every benchmark, e.g.
 * `npm run bench -- --engine postgres`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benchmarks = ['ledger-batch.ts', 'trial-balance.ts', 'http-post.ts', 'customer-search.ts'];
const extra = process.argv.slice(2);

for (const name of benchmarks) {
  const file = fileURLToPath(new URL(name, import.meta.url));
  console.log(`\n=== ${name} ${extra.join(' ')}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file, ...extra], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`${name} exited with ${run.status}`);
    process.exitCode = 1;
  }
}
