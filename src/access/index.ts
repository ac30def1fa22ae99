/** Staff access: users, roles and permissions, passwords, sessions, second factor. */
export {
  allPermissions,
  builtinRoles,
  permissionCatalog,
  PUBLIC,
  SIGNED_IN,
  type BuiltinRole,
  type Permission,
} from './permissions.js';
export { checkPasswordPolicy, hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.js';
export { ensureBuiltinRoles, listPermissions, listRoles, setRolePermissions, type Role } from './roles.js';
export {
  beginTotpEnrollment,
  confirmTotpEnrollment,
  hashToken,
  loadPrincipal,
  resolveSession,
  signIn,
  signOut,
  type SessionContext,
  type SignInRequest,
} from './sessions.js';
export { forgetResolvedSessions, SESSION_CACHE_TTL_MS } from './session-cache.js';
export { currentTotpCode, isValidTotpCode, newTotpSecret, totpUri } from './totp.js';
export {
  changeOwnPassword,
  createUser,
  getUser,
  listUsers,
  resetPassword,
  resetTotp,
  updateUser,
  type NewUserInput,
  type User,
  type UserChanges,
} from './users.js';
