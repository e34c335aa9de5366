import { describeServiceContract } from '@fleet/shared-testing';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import * as contract from './index';

describeServiceContract('connector', contract, {
  subjects: {
    healthCheck: 'connector.health.check',
    definitionPut: 'connector.definition.put',
    definitionList: 'connector.definition.list',
    parameterList: 'connector.parameter.list',
    parameterSet: 'connector.parameter.set',
    parameterDelete: 'connector.parameter.delete',
    policyGet: 'connector.policy.get',
    policyUpdate: 'connector.policy.update',
    invocationExecute: 'connector.invocation.execute',
    invocationTest: 'connector.invocation.test',
    invocationList: 'connector.invocation.list',
    invocationGet: 'connector.invocation.get',
  },
  events: {},
  errorCodes: {
    VALIDATION: 'CONNECTOR.VALIDATION',
    UNAUTHORIZED: 'CONNECTOR.UNAUTHORIZED',
    FORBIDDEN: 'CONNECTOR.FORBIDDEN',
    NOT_FOUND: 'CONNECTOR.NOT_FOUND',
    CONFLICT: 'CONNECTOR.CONFLICT',
    INTERNAL: 'CONNECTOR.INTERNAL',
  },
});

const envId = '6f1c2f7e-5a43-4c1b-9d0e-3b1f2a4c5d6e';
function pathsOf(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    return e.children?.length ? pathsOf(e.children, path) : [path];
  });
}
const fieldsOf = <T extends object>(cls: new () => T, plain: unknown): string[] => pathsOf(validateSync(plainToInstance(cls, plain) as object));

describe('PutDefinitionRequest', () => {
  const valid = {
    environmentId: envId,
    name: 'crm.getCustomer',
    content: { method: 'GET', urlTemplate: '{{param:BASE_URL}}/customers/{{id}}', auth: { type: 'apiKey', key: '{{param:API_KEY}}', in: 'header', name: 'x-api-key' }, errorMapping: [{ status: 404, error: 'CUSTOMER_NOT_FOUND' }, { status: '5xx', error: 'CRM_DOWN' }] },
  };

  it('should accept a valid definition', () => {
    expect(fieldsOf(contract.PutDefinitionRequest, valid)).toStrictEqual([]);
  });

  it('should name every bad field', () => {
    const bad = { ...valid, name: '1bad', content: { ...valid.content, method: 'TRACE', auth: { type: 'digest' }, errorMapping: [{ status: '3xx', error: 'X' }], headers: { a: 1 } } };
    expect(fieldsOf(contract.PutDefinitionRequest, bad).sort()).toStrictEqual(['content.auth.type', 'content.errorMapping.0.status', 'content.headers', 'content.method', 'name']);
  });
});

describe('ExecuteInvocationRequest', () => {
  it('should require an idempotency key and an object input', () => {
    expect(fieldsOf(contract.ExecuteInvocationRequest, { environmentId: envId, connector: 'c', input: {}, idempotencyKey: 'k' })).toStrictEqual([]);
    expect(fieldsOf(contract.ExecuteInvocationRequest, { environmentId: 'x', connector: 'c', input: 'no' }).sort()).toStrictEqual(['environmentId', 'idempotencyKey', 'input']);
  });
});

describe('SetParameterRequest', () => {
  it('should accept Key Vault references with a version and refuse paths', () => {
    expect(fieldsOf(contract.SetParameterRequest, { environmentId: envId, name: 'API_KEY', secret: true, secretRef: 'crm-key/4387e9f3d6e14c459867679a90fd0f79' })).toStrictEqual([]);
    expect(fieldsOf(contract.SetParameterRequest, { environmentId: envId, name: 'API_KEY', secret: true, secretRef: '../etc/passwd' })).toStrictEqual(['secretRef']);
  });
});
