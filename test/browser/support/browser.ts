/**
 * Headless Chromium (Debian's, /usr/bin/chromium) for the browser tests, and the small helpers
 * every flow uses: a page at 1280x800, signing in through the real form, screenshots saved to
 * test-artifacts/screenshots/ (git-ignored) for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';

export const CHROMIUM_PATH = process.env.CIVIC_CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('test-artifacts', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A fresh browser profile (own cookies) at the size the product is designed for. */
export async function openPage(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'America/Los_Angeles',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // 401/403 answers are expected in these flows; anything else the console reports is a bug.
    if (message.type() === 'error' && !/status of 40[13]/.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  Object.defineProperty(page, 'problems', { value: problems });
  return { context, page };
}

/** Errors the page reported (uncaught exceptions, console errors other than 401/403). */
export function problemsOf(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

let shotNumber = 0;
export async function screenshot(page: Page, flow: string, step: string, fullPage = false): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  shotNumber += 1;
  const file = path.join(SCREENSHOT_DIR, `${flow}-${String(shotNumber).padStart(2, '0')}-${step}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

export const DEMO_PASSWORD = 'civic-ledger-demo';

/** The demo users' TOTP secrets (SHA1, 6 digits, 30 s), as the demo city documents them. */
export const demoTotpSecrets: Record<string, string> = {
  'maria.lopez': 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U',
  admin: 'KRSXG5CTMVRXEZLUKN2XAZLSONSWG4TF',
};

export function totpCode(secretBase32: string, at = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: at,
  });
}

/** Signs in through the sign-in page (typing, Enter), answering the code prompt when asked. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByLabel(/^Password/).press('Enter');
  const secret = demoTotpSecrets[username];
  if (secret) {
    const code = page.getByLabel('6-digit code');
    await code.waitFor();
    await code.fill(totpCode(secret));
    await code.press('Enter');
  }
  await page.getByTestId('signed-in-user').waitFor();
}
