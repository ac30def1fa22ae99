/**
 * Keyboard-first forms: Enter in a field moves to the next field (as at a 10-key counter), Enter
 * on the submit button submits, Ctrl+Enter submits from anywhere. Put `onKeyDown={advanceOnEnter}`
 * on the <form>. Text areas keep Enter for new lines; open dropdowns keep Enter for their choice.
 */
import type { KeyboardEvent } from 'react';

const fieldSelector = 'input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), button[type=submit]:not([disabled])';

export function advanceOnEnter(event: KeyboardEvent<HTMLFormElement>): void {
  if (event.key !== 'Enter' || event.defaultPrevented) return;
  const target = event.target as HTMLElement;
  const form = event.currentTarget;
  if (event.ctrlKey || event.metaKey) {
    event.preventDefault();
    form.requestSubmit();
    return;
  }
  if (target.tagName === 'TEXTAREA' || target.tagName === 'BUTTON') return;
  if (target.getAttribute('aria-expanded') === 'true') return;
  if (target.tagName !== 'INPUT' && target.tagName !== 'SELECT') return;
  event.preventDefault();
  focusNextField(form, target);
}

/** Focuses the field after `target` in the form (a radio group is one stop), or submits at the end. */
export function focusNextField(form: HTMLFormElement, target: HTMLElement): void {
  // A radio group is one stop: its checked radio (or its first) stands for the group.
  const seenGroups = new Set<string>();
  const fields = [...form.querySelectorAll<HTMLElement>(fieldSelector)].filter((element) => {
    if (element.offsetParent === null || element.getAttribute('tabindex') === '-1') return false;
    if (element instanceof HTMLInputElement && element.type === 'radio') {
      if (element !== target && !element.checked) return false;
      if (seenGroups.has(element.name)) return false;
      seenGroups.add(element.name);
    }
    return true;
  });
  const next = fields[fields.indexOf(target) + 1];
  if (next) next.focus();
  else form.requestSubmit();
}

/** The API's field problems (details.problems[].field) by field name, for `error=` on inputs. */
export function fieldErrorsOf(problems: ReadonlyArray<{ field?: string; message?: string }>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const problem of problems) {
    if (problem.field && !errors[problem.field]) errors[problem.field] = problem.message ?? 'Check this field';
  }
  return errors;
}

/** After the server refused a form: the first field marked invalid gets the focus (and scrolls into view). */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  // The fields' error states render after this call; wait a frame for them.
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
