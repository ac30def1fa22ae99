/** Users, roles and settings: the administrator's screens. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  createUser,
  listPermissions,
  listRoles,
  listUsers,
  resetPassword,
  resetTotp,
  setRolePermissions,
  updateUser,
} from '../../access/index.js';
import { getSettings, settingDefinitions, updateSetting, type Settings } from '../../settings/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import {
  createUserSchema,
  getSettingsSchema,
  listPermissionsSchema,
  listRolesSchema,
  listUsersSchema,
  resetPasswordSchema,
  resetTotpSchema,
  setRolePermissionsSchema,
  updateSettingSchema,
  updateUserSchema,
} from './admin.schema.js';

function settingsBody(settings: Settings) {
  return {
    settings,
    definitions: Object.entries(settingDefinitions).map(([key, definition]) => ({
      key,
      label: definition.label,
      min: definition.min,
      max: definition.max,
      default: definition.default,
    })),
  };
}

export const adminRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database }) => {
  app.get('/api/users', { schema: listUsersSchema, config: { permission: 'users.manage' } }, async () => ({
    users: await listUsers(database.kysely),
  }));

  app.post('/api/users', { schema: createUserSchema, config: { permission: 'users.manage' } }, async (request, reply) => {
    const user = await createUser(database, { input: request.body, principal: actorOf(request) });
    return reply.status(201).send(user);
  });

  app.patch('/api/users/:id', { schema: updateUserSchema, config: { permission: 'users.manage' } }, async (request) =>
    updateUser(database, { userId: request.params.id, changes: request.body, principal: actorOf(request) }),
  );

  app.post('/api/users/:id/reset-password', { schema: resetPasswordSchema, config: { permission: 'users.manage' } }, async (request) =>
    resetPassword(database, { userId: request.params.id, newPassword: request.body.newPassword, principal: actorOf(request) }),
  );

  app.post('/api/users/:id/reset-totp', { schema: resetTotpSchema, config: { permission: 'users.manage' } }, async (request) =>
    resetTotp(database, { userId: request.params.id, principal: actorOf(request) }),
  );

  app.get('/api/roles', { schema: listRolesSchema, config: { permission: 'signed_in' } }, async () => ({
    roles: await listRoles(database.kysely),
  }));

  app.put('/api/roles/:code/permissions', { schema: setRolePermissionsSchema, config: { permission: 'roles.manage' } }, async (request) =>
    setRolePermissions(database, { roleCode: request.params.code, permissions: request.body.permissions, principal: actorOf(request) }),
  );

  app.get('/api/permissions', { schema: listPermissionsSchema, config: { permission: 'signed_in' } }, async () => ({
    permissions: listPermissions(),
  }));

  app.get('/api/settings', { schema: getSettingsSchema, config: { permission: 'signed_in' } }, async () =>
    settingsBody(await getSettings(database.kysely)),
  );

  app.put('/api/settings/:key', { schema: updateSettingSchema, config: { permission: 'settings.manage' } }, async (request) =>
    settingsBody(await updateSetting(database, { key: request.params.key, value: request.body.value, principal: actorOf(request) })),
  );
};
