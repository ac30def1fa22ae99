import { Type } from 'typebox';
import { NullableString, withErrors } from '../schemas/common.js';

const tags = ['properties'];
const ParcelId = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const parcelProperties = {
  id: Type.Integer(),
  apn: Type.String({ description: 'As the county writes it: 123-456-789 or 123-456-78' }),
  situsLine1: Type.String(),
  situsCity: Type.String(),
  situsZip: Type.String(),
  ownerOfRecord: NullableString,
  landUse: NullableString,
  createdAt: Type.String(),
  createdBy: Type.String(),
};
const Parcel = Type.Object(parcelProperties);

export const ServiceLocation = Type.Object({
  id: Type.Integer(), parcelId: Type.Integer(), locationNumber: Type.String(), addressLine1: Type.String(),
  unit: NullableString, description: NullableString, isActive: Type.Boolean(),
});

const ParcelDetail = Type.Object({
  ...parcelProperties,
  serviceLocations: Type.Array(ServiceLocation),
  people: Type.Array(Type.Object({
    customerPropertyId: Type.Integer(), customerId: Type.Integer(), customerNumber: Type.String(), legalName: Type.String(),
    role: Type.String(), serviceLocationId: Type.Union([Type.Integer(), Type.Null()]), startDate: Type.String(), endDate: NullableString,
  })),
});

const Nullable = (maxLength: number) => Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));

export const createParcelSchema = {
  operationId: 'createParcel', tags, summary: 'Add a parcel (APN with or without dashes, situs address, owner of record)',
  body: Type.Object({
    apn: Type.String({ maxLength: 20 }),
    situsLine1: Type.String({ maxLength: 300 }),
    situsCity: Type.String({ maxLength: 100 }),
    situsZip: Type.String({ maxLength: 20 }),
    ownerOfRecord: Nullable(300),
    landUse: Nullable(200),
  }, { additionalProperties: false }),
  response: withErrors({ 201: ParcelDetail }),
};

export const findParcelsSchema = {
  operationId: 'findParcels', tags, summary: 'Parcels whose APN begins with what was typed (dashes optional)',
  querystring: Type.Object({ apn: Type.String({ maxLength: 20 }) }),
  response: withErrors({ 200: Type.Object({ parcels: Type.Array(Parcel) }) }),
};

export const getParcelSchema = {
  operationId: 'getParcel', tags, summary: 'One parcel with its service locations and who owns or rents it', params: ParcelId,
  response: withErrors({ 200: ParcelDetail }),
};

export const createServiceLocationSchema = {
  operationId: 'createServiceLocation', tags, summary: 'Add a service location (L-number) on a parcel', params: ParcelId,
  body: Type.Object({
    addressLine1: Type.String({ maxLength: 300 }),
    unit: Nullable(40),
    description: Nullable(1000),
  }, { additionalProperties: false }),
  response: withErrors({ 201: ServiceLocation }),
};
