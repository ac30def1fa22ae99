/**
 * User name and password, then (when the server asks for it) the 6-digit code. Used by the
 * sign-in page and by the dialog that appears over a screen when the session has ended.
 */
import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { isApiError } from '../api/client';
import type { Session } from '../api/types';
import { postSignIn } from './session';

interface SignInFormProps {
  onSignedIn(session: Session): void;
  initialUsername?: string;
  submitLabel?: string;
}

const genericFailure =
  'Sign-in failed. Check the user name and password; if it keeps failing, ask an administrator.';

export function SignInForm({ onSignedIn, initialUsername = '', submitLabel = 'Sign in' }: SignInFormProps) {
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [isCodeNeeded, setIsCodeNeeded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (isCodeNeeded) codeRef.current?.focus();
  }, [isCodeNeeded]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setIsPending(true);
    try {
      const session = await postSignIn({
        username: username.trim(),
        password,
        ...(isCodeNeeded ? { totpCode: totpCode.trim() } : {}),
      });
      onSignedIn(session);
    } catch (caught) {
      setError(failureMessage(caught, isCodeNeeded));
      if (isApiError(caught) && caught.code === 'totp_required') {
        if (isCodeNeeded) {
          setTotpCode('');
          codeRef.current?.focus();
        }
        setIsCodeNeeded(true);
      } else if (!isCodeNeeded) {
        setPassword('');
        passwordRef.current?.focus();
      }
    } finally {
      setIsPending(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Sign in" noValidate>
      <Stack gap="sm">
        {error && (
          <Alert color="red" role="alert" title="Not signed in">
            {error}
          </Alert>
        )}
        <TextInput
          label="User name"
          name="username"
          autoComplete="username"
          value={username}
          onChange={(event) => setUsername(event.currentTarget.value)}
          readOnly={isCodeNeeded}
          required
          data-autofocus={initialUsername ? undefined : true}
          autoFocus={!initialUsername}
        />
        <PasswordInput
          label="Password"
          name="password"
          autoComplete="current-password"
          value={password}
          ref={passwordRef}
          onChange={(event) => setPassword(event.currentTarget.value)}
          readOnly={isCodeNeeded}
          required
          autoFocus={Boolean(initialUsername)}
          data-autofocus={initialUsername ? true : undefined}
        />
        {isCodeNeeded && (
          <>
            <Text size="sm">
              Your role needs a second factor. Enter the 6-digit code your authenticator app shows now.
            </Text>
            <TextInput
              label="6-digit code"
              name="totpCode"
              ref={codeRef}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={totpCode}
              onChange={(event) => setTotpCode(event.currentTarget.value.replace(/\D/g, ''))}
              required
            />
          </>
        )}
        <Button type="submit" loading={isPending}>
          {isCodeNeeded ? 'Verify code' : submitLabel}
        </Button>
        {isCodeNeeded && (
          <Button
            variant="subtle"
            onClick={() => {
              setIsCodeNeeded(false);
              setTotpCode('');
              setError(null);
            }}
          >
            Use a different user name
          </Button>
        )}
      </Stack>
    </form>
  );
}

function failureMessage(error: unknown, wasCodeSent: boolean): string | null {
  if (!isApiError(error)) return genericFailure;
  if (error.code === 'rate_limited') return error.message;
  if (error.code === 'totp_required') {
    return wasCodeSent
      ? 'That code was not accepted. Codes change every 30 seconds: enter the one shown now.'
      : null;
  }
  if (error.code === 'network_error') return error.message;
  return genericFailure;
}
