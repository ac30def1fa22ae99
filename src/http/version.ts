/** The running version, from package.json (two levels up from both src/http and dist/http). */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function appVersion(): string {
  if (cached === undefined) {
    try {
      const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
      const parsed: unknown = JSON.parse(text);
      const version =
        typeof parsed === 'object' && parsed !== null && 'version' in parsed
          ? parsed.version
          : null;
      cached = typeof version === 'string' ? version : 'unknown';
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
