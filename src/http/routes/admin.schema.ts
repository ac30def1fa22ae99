import { Type } from 'typebox';
import { withErrors } from '../schemas/common.js';

export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  isDisabled: Type.Boolean(),
  isTotpEnabled: Type.Boolean(),
  roles: Type.Array(Type.String()),
  createdAt: Type.String(),
  passwordChangedAt: Type.String(),
});

export const Role = Type.Object({
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  requiresTotp: Type.Boolean(),
  isBuiltin: Type.Boolean(),
  permissions: Type.Array(Type.String()),
});

const UserId = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const tags = ['admin'];

export const listUsersSchema = {
  operationId: 'listUsers', tags, summary: 'All staff users',
  response: withErrors({ 200: Type.Object({ users: Type.Array(User) }) }),
};

export const createUserSchema = {
  operationId: 'createUser', tags, summary: 'Create a user with roles and an initial password',
  body: Type.Object({
    username: Type.String({ maxLength: 63 }),
    displayName: Type.String({ maxLength: 200 }),
    email: Type.Optional(Type.Union([Type.String({ maxLength: 320 }), Type.Null()])),
    password: Type.String({ maxLength: 1024 }),
    roles: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 20 }),
  }),
  response: withErrors({ 201: User }),
};

export const updateUserSchema = {
  operationId: 'updateUser', tags, summary: 'Change a user: name, email, roles, disabled (a disabled user is signed out at once)',
  params: UserId,
  body: Type.Object({
    displayName: Type.Optional(Type.String({ maxLength: 200 })),
    email: Type.Optional(Type.Union([Type.String({ maxLength: 320 }), Type.Null()])),
    roles: Type.Optional(Type.Array(Type.String({ maxLength: 60 }), { maxItems: 20 })),
    isDisabled: Type.Optional(Type.Boolean()),
  }),
  response: withErrors({ 200: User }),
};

export const resetPasswordSchema = {
  operationId: 'resetUserPassword', tags, summary: "Set a new password for a user (ends the user's sessions)",
  params: UserId,
  body: Type.Object({ newPassword: Type.String({ maxLength: 1024 }) }),
  response: withErrors({ 200: User }),
};

export const resetTotpSchema = {
  operationId: 'resetUserTotp', tags, summary: "Remove a user's second factor (they set it up again at sign-in)",
  params: UserId,
  response: withErrors({ 200: User }),
};

export const listRolesSchema = {
  operationId: 'listRoles', tags, summary: 'Roles and their permissions',
  response: withErrors({ 200: Type.Object({ roles: Type.Array(Role) }) }),
};

export const setRolePermissionsSchema = {
  operationId: 'setRolePermissions', tags, summary: "Replace a role's permissions",
  params: Type.Object({ code: Type.String({ maxLength: 60 }) }),
  body: Type.Object({ permissions: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 100 }) }),
  response: withErrors({ 200: Role }),
};

export const listPermissionsSchema = {
  operationId: 'listPermissions', tags, summary: 'Every permission a role can hold',
  response: withErrors({ 200: Type.Object({ permissions: Type.Array(Type.Object({ code: Type.String(), description: Type.String() })) }) }),
};

const SettingsResponse = Type.Object({
  settings: Type.Record(Type.String(), Type.Integer()),
  definitions: Type.Array(Type.Object({
    key: Type.String(), label: Type.String(), min: Type.Integer(), max: Type.Integer(), default: Type.Integer(),
  })),
});

export const getSettingsSchema = {
  operationId: 'getSettings', tags, summary: 'Settings (approval thresholds in cents, session limits)',
  response: withErrors({ 200: SettingsResponse }),
};

export const updateSettingSchema = {
  operationId: 'updateSetting', tags, summary: 'Change one setting',
  params: Type.Object({ key: Type.String({ maxLength: 100 }) }),
  body: Type.Object({ value: Type.Integer() }),
  response: withErrors({ 200: SettingsResponse }),
};
