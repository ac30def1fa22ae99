/**
 * A dollars-and-cents field for 10-key entry: digits and the point from the number pad, Enter
 * takes the amount (shown back as 1,234.50) and moves on. The value stays text; the form parses it
 * with parseDollars into integer cents, so no float ever holds the amount.
 */
import { TextInput } from '@mantine/core';
import type { KeyboardEvent, Ref } from 'react';
import { formatCents, parseDollars } from '../money';

interface AmountInputProps {
  label: string;
  value: string;
  onChange(value: string): void;
  /** After Enter: the amount is normalized; move to the next field. */
  onEnter?(): void;
  error?: string | undefined;
  description?: string;
  inputRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
  w?: number | string;
  /** In a grid row the column header names the field; the label stays for screen readers. */
  hideLabel?: boolean;
  size?: 'xs' | 'sm';
  placeholder?: string;
}

export function AmountInput({
  label,
  value,
  onChange,
  onEnter,
  error,
  description,
  inputRef,
  autoFocus,
  w = 180,
  hideLabel = false,
  size = 'sm',
  placeholder = '0.00',
}: AmountInputProps) {
  function normalize() {
    const parsed = parseDollars(value);
    if (value.trim() && parsed.ok) onChange(formatCents(parsed.cents));
  }
  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter' || event.ctrlKey || event.metaKey) return;
    normalize();
    // Without onEnter the Enter bubbles to the form, which moves to the next field (advanceOnEnter).
    if (onEnter) {
      event.preventDefault();
      onEnter();
    }
  }
  return (
    <TextInput
      label={hideLabel ? undefined : label}
      aria-label={label}
      size={size}
      value={value}
      inputMode="decimal"
      autoComplete="off"
      placeholder={placeholder}
      leftSection="$"
      onChange={(event) => onChange(event.currentTarget.value)}
      onBlur={normalize}
      onKeyDown={handleKeyDown}
      error={error}
      description={description}
      ref={inputRef}
      data-autofocus={autoFocus ? true : undefined}
      w={w}
      styles={{ input: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' } }}
    />
  );
}

/** The cents of a typed amount that must be more than zero, or the message to show. */
export function positiveCentsOf(text: string): { cents: number; error?: undefined } | { cents?: undefined; error: string } {
  const parsed = parseDollars(text);
  if (!parsed.ok) return { error: parsed.message };
  if (parsed.cents <= 0) return { error: 'Enter more than zero' };
  return { cents: parsed.cents };
}
