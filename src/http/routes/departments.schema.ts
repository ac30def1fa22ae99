import { Type } from 'typebox';
import { Department } from '../schemas/chart.js';
import { withErrors } from '../schemas/common.js';

export const listDepartmentsSchema = {
  operationId: 'listDepartments',
  tags: ['chart'],
  summary: 'List departments',
  response: withErrors({ 200: Type.Object({ departments: Type.Array(Department) }) }),
};

export const createDepartmentSchema = {
  operationId: 'createDepartment',
  tags: ['chart'],
  summary: 'Create a department',
  body: Type.Object(
    {
      code: Type.String({ description: 'Four digits', examples: ['1510'] }),
      name: Type.String({ examples: ['Finance'] }),
    },
    { additionalProperties: false },
  ),
  response: withErrors({ 201: Department }),
};
