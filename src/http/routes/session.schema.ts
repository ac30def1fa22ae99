import { Type } from 'typebox';
import { withErrors } from '../schemas/common.js';

export const SessionUser = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  permissions: Type.Array(Type.String()),
});

export const SessionResponse = Type.Object({
  user: SessionUser,
  csrfToken: Type.String({ description: 'Send as the X-CSRF-Token header on every POST/PUT/PATCH/DELETE' }),
  mustEnrollTotp: Type.Boolean({ description: 'True until the user sets up the required second factor' }),
  expiresAt: Type.String({ description: 'When the session ends in any case (UTC)' }),
  idleExpiresAt: Type.String({ description: 'When the session ends if nothing happens before (UTC)' }),
});

const tags = ['session'];

export const signInSchema = {
  operationId: 'signIn',
  tags,
  summary: 'Sign in with a user name and password (and a second-factor code where required)',
  description:
    '401 unauthenticated for any wrong user name or password (the message never says which); ' +
    '401 totp_required when a 6-digit code is needed; 429 rate_limited after too many failures.',
  body: Type.Object({
    username: Type.String({ maxLength: 100 }),
    password: Type.String({ maxLength: 1024 }),
    totpCode: Type.Optional(Type.Union([Type.String({ maxLength: 12 }), Type.Null()])),
  }),
  response: withErrors({ 200: SessionResponse }),
};

export const getSessionSchema = {
  operationId: 'getSession',
  tags,
  summary: 'The signed-in user, their permissions and the CSRF token',
  response: withErrors({ 200: SessionResponse }),
};

export const signOutSchema = {
  operationId: 'signOut',
  tags,
  summary: 'Sign out (ends the session)',
  response: withErrors({ 204: Type.Null() }),
};

export const totpSetupSchema = {
  operationId: 'beginTotpEnrollment',
  tags,
  summary: 'Start setting up an authenticator app: returns the secret and otpauth URI',
  response: withErrors({ 200: Type.Object({ secret: Type.String(), uri: Type.String() }) }),
};

export const totpConfirmSchema = {
  operationId: 'confirmTotpEnrollment',
  tags,
  summary: 'Finish setting up the authenticator app with a current code',
  body: Type.Object({ code: Type.String({ maxLength: 12 }) }),
  response: withErrors({ 204: Type.Null() }),
};

export const changePasswordSchema = {
  operationId: 'changeOwnPassword',
  tags,
  summary: 'Change your own password',
  body: Type.Object({ currentPassword: Type.String({ maxLength: 1024 }), newPassword: Type.String({ maxLength: 1024 }) }),
  response: withErrors({ 204: Type.Null() }),
};
