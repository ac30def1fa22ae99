/**
 * Fitting text into a width with the writer's metrics: truncation with an ellipsis and greedy
 * word wrapping (a word longer than the width is cut). Pure.
 */
import { textWidth, type StandardFont } from './pdf-writer.js';

const ELLIPSIS = '\u2026';

/** `text` as is when it fits in `width`, else cut and ended with an ellipsis. */
export function fitText(text: string, font: StandardFont, size: number, width: number): string {
  if (textWidth(font, size, text) <= width) return text;
  const room = width - textWidth(font, size, ELLIPSIS);
  let end = text.length;
  while (end > 0 && textWidth(font, size, text.slice(0, end)) > room) end -= 1;
  return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
}

/**
 * Lines of at most `width`, broken between words; at most `maxLines`, the last one truncated
 * with an ellipsis when the text goes on.
 */
export function wrapText(text: string, font: StandardFont, size: number, width: number, maxLines = Number.POSITIVE_INFINITY): string[] {
  const lines: string[] = [];
  let current = '';
  const words = text.split(/\s+/).filter((word) => word !== '');
  for (let index = 0; index < words.length; index += 1) {
    let word = words[index]!;
    const candidate = current === '' ? word : `${current} ${word}`;
    if (textWidth(font, size, candidate) <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    // A single word wider than the line is cut into pieces that fit.
    while (textWidth(font, size, word) > width) {
      let end = word.length - 1;
      while (end > 1 && textWidth(font, size, word.slice(0, end)) > width) end -= 1;
      lines.push(word.slice(0, end));
      word = word.slice(end);
    }
    current = word;
    if (lines.length >= maxLines) break;
  }
  if (current !== '') lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1] ?? '';
  while (last !== '' && textWidth(font, size, `${last}${ELLIPSIS}`) > width) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last.trimEnd()}${ELLIPSIS}`;
  return kept;
}
