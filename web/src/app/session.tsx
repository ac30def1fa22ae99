/** The signed-in user, what they may do, and the calls that change the session. */
import { createContext, useContext } from 'react';
import { apiRequest } from '../api/client';
import type { Session } from '../api/types';

export interface SessionValue {
  session: Session;
  /** True when the user holds the permission (the server checks again on every call). */
  can(permission: string): boolean;
  canAny(permissions: readonly string[]): boolean;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in screen');
  return value;
}

export function sessionValueOf(session: Session, signOut: () => Promise<void>): SessionValue {
  const held = new Set(session.user.permissions);
  return {
    session,
    can: (permission) => held.has(permission),
    canAny: (permissions) => permissions.some((permission) => held.has(permission)),
    signOut,
  };
}

export interface SignInInput {
  username: string;
  password: string;
  totpCode?: string;
}

export function postSignIn(input: SignInInput): Promise<Session> {
  return apiRequest<Session>('POST', '/api/session', { body: input, isSessionCall: true });
}

export function getSession(): Promise<Session> {
  return apiRequest<Session>('GET', '/api/session', { isSessionCall: true });
}

export function deleteSession(): Promise<void> {
  return apiRequest<void>('DELETE', '/api/session', { isSessionCall: true });
}
