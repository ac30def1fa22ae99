/** Schemas of the service-order routes: the board and lists, create, assign, complete, cancel, a field worker's own list. */
import { Type } from 'typebox';
import { dateText, NullableInteger, NullableString, withErrors } from '../schemas/common.js';

const tags = ['utility'];
const op = <T extends Record<string, unknown>>(operationId: string, summary: string, rest: T) => ({ operationId, tags, summary, ...rest });

const orderTypes = ['reread', 'leak_check', 'turn_on', 'turn_off', 'meter_exchange', 'high_bill', 'shutoff', 'reconnect'] as const;
const statuses = ['open', 'assigned', 'completed', 'cancelled'] as const;
const OrderType = Type.String({ description: `One of ${orderTypes.join(', ')}`, examples: ['reread'] });
const Reading = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ maxLength: 12 })], { description: 'A whole reading as the dials show it' });

export const ServiceOrder = Type.Object({
  id: Type.Integer(),
  orderNumber: Type.String({ examples: ['SO-100001'] }),
  orderType: Type.String(),
  status: Type.String({ description: statuses.join(', ') }),
  priority: Type.String({ description: 'emergency, high, normal or low' }),
  description: Type.String(),
  dueOn: NullableString,
  serviceLocationId: Type.Integer(),
  locationNumber: Type.String(),
  serviceAddress: Type.String(),
  utilityAccountId: NullableInteger,
  accountNumber: NullableString,
  customerName: NullableString,
  meterId: NullableInteger,
  meterSerial: NullableString,
  lastRead: Type.Union([Type.Null(), Type.Object({ readDate: Type.String(), reading: Type.Integer() })], { description: 'The meter\'s last live read' }),
  assignedTo: NullableString,
  assignedAt: NullableString,
  completionNotes: NullableString,
  completion: Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())], { description: 'What was entered at completion and what it produced' }),
  completedAt: NullableString,
  completedBy: NullableString,
  cancelReason: NullableString,
  createdAt: Type.String(),
  createdBy: Type.String(),
});
const Orders = Type.Array(ServiceOrder);
const NumberParam = Type.Object({ number: Type.String({ maxLength: 20, description: 'SO-100001 or the order id' }) });

export const listSchema = op('listServiceOrders', 'Service orders by status, assignee, type, account or location (most urgent first)', {
  querystring: Type.Object({
    status: Type.Optional(Type.Union(statuses.map((status) => Type.Literal(status)))),
    assignee: Type.Optional(Type.String({ maxLength: 63 })),
    orderType: Type.Optional(Type.Union(orderTypes.map((type) => Type.Literal(type)))),
    account: Type.Optional(Type.String({ maxLength: 40 })),
    serviceLocationId: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ orders: Orders }) }),
});

export const boardSchema = op('getServiceOrderBoard', 'The board: open orders, assigned orders, orders completed today', {
  querystring: Type.Object({ assignee: Type.Optional(Type.String({ maxLength: 63 })) }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ open: Orders, assigned: Orders, completedToday: Orders, today: Type.String() }) }),
});

export const fieldWorkersSchema = op('listFieldWorkers', 'Who service orders can be assigned to (active users holding utility.field)', {
  response: withErrors({ 200: Type.Object({ fieldWorkers: Type.Array(Type.Object({ username: Type.String(), displayName: Type.String() })) }) }),
});

export const createSchema = op('createServiceOrder', 'Create a service order for an account or a service location (optionally assigned at once)', {
  body: Type.Object({
    orderType: OrderType,
    account: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Integer(), Type.Null()], { description: 'Utility account number or id' })),
    serviceLocationId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    meterSerial: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
    priority: Type.Optional(Type.String()),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    dueOn: Type.Optional(Type.Union([dateText(), Type.Null()])),
    assignTo: Type.Optional(Type.Union([Type.String({ maxLength: 63 }), Type.Null()])),
  }, { additionalProperties: false }),
  response: withErrors({ 201: ServiceOrder }),
});

export const getSchema = op('getServiceOrder', 'One service order (a field worker sees only their own: others answer 404)', {
  params: NumberParam,
  response: withErrors({ 200: ServiceOrder }),
});

export const assignSchema = op('assignServiceOrder', 'Assign or reassign an order that is not completed or cancelled', {
  params: NumberParam,
  body: Type.Object({ assignTo: Type.String({ maxLength: 63 }) }, { additionalProperties: false }),
  response: withErrors({ 200: ServiceOrder }),
});

export const completeSchema = op('completeServiceOrder', 'Complete an order with notes and, by its type, a reading, a meter exchange or a stop of service', {
  params: NumberParam,
  body: Type.Object({
    notes: Type.String({ maxLength: 2000 }),
    on: Type.Optional(Type.Union([dateText('The day the work was done (default today)'), Type.Null()])),
    reading: Type.Optional(Type.Union([Reading, Type.Null()])),
    oldReading: Type.Optional(Type.Union([Reading, Type.Null()])),
    newMeterSerial: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
    newReading: Type.Optional(Type.Union([Reading, Type.Null()])),
    stopService: Type.Optional(Type.Boolean({ description: 'Turn-off orders: stop the account\'s service on that day' })),
  }, { additionalProperties: false }),
  response: withErrors({ 200: ServiceOrder }),
});

export const cancelSchema = op('cancelServiceOrder', 'Cancel an order that is not completed, with a reason', {
  params: NumberParam,
  body: Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
  response: withErrors({ 200: ServiceOrder }),
});

export const myOrdersSchema = op('listMyServiceOrders', 'The signed-in field worker\'s orders: assigned to them, and completed today', {
  response: withErrors({ 200: Type.Object({ assigned: Orders, completedToday: Orders, today: Type.String() }) }),
});
