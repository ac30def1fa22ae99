/**
 * Helpers of the Counter desk's browser tests. Scripts that run in the page are strings: the
 * test programs are type-checked without the DOM library.
 */
import type { Page } from 'playwright-core';

/** The focused element's accessible name, roughly: aria-label, its <label>, or its text. */
export async function focusedLabel(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const element = document.activeElement;
    if (!element) return '';
    const label = element.id ? document.querySelector('label[for="' + element.id + '"]') : null;
    return (element.getAttribute('aria-label') ?? label?.textContent ?? element.textContent ?? '').trim();
  })()`);
}

/** The focused element's placeholder. */
export async function focusedPlaceholder(page: Page): Promise<string> {
  return page.evaluate<string>(`document.activeElement?.getAttribute('placeholder') ?? ''`);
}

/** The print dialog cannot open headless: window.print() counts its calls instead. */
export async function countPrints(page: Page): Promise<void> {
  await page.addInitScript('window.printCalls = 0; window.print = () => { window.printCalls += 1; };');
}

export async function printCalls(page: Page): Promise<number> {
  return page.evaluate<number>('window.printCalls');
}

/** Where an element is and how wide, and whether the main navigation shows (print checks). */
export async function boxOf(page: Page, selector: string): Promise<{ left: number; width: number; isNavigationShown: boolean }> {
  return page.evaluate<{ left: number; width: number; isNavigationShown: boolean }>(`(() => {
    const box = document.querySelector(${JSON.stringify(selector)})?.getBoundingClientRect();
    const navigation = document.querySelector('nav[aria-label="Main"]');
    return { left: box?.left ?? -1, width: box?.width ?? 0, isNavigationShown: navigation !== null && navigation.offsetParent !== null };
  })()`);
}

/** Types a count into denomination fields in screen order (null = leave blank), Enter after each. */
export async function typeCount(page: Page, pieces: Array<number | null>): Promise<void> {
  for (const count of pieces) {
    if (count !== null) await page.keyboard.type(String(count));
    await page.keyboard.press('Enter');
  }
}

/** "1,234.50" or "$1,234.50" -> 123450. */
export function centsOf(text: string | null): number {
  const cleaned = (text ?? '').replace(/[,$\s]/g, '');
  if (!/^-?\d+\.\d{2}$/.test(cleaned)) throw new Error(`not an amount: ${text}`);
  return Number(cleaned.replace('.', ''));
}

/** 12345 -> "123.45" (no grouping, as a cashier types it). */
export function dollarsOf(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
