import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { BEARER_SCHEME } from '../auth/auth.decorators';

/** The part of a JSON schema the derivation below touches. */
interface SchemaObject {
  properties?: Record<string, unknown>;
  required?: string[];
  [key: string]: unknown;
}

/** Serves the OpenAPI document of every route at /api/docs (UI) and /api/docs-json. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Fleet API')
    .setDescription('The HTTP API of the Fleet gateway. Every error body is { code, message, details?, requestId }; every response carries x-request-id.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'access token from POST /api/v1/auth/login (ES256; keys at /.well-known/jwks.json)' }, BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const contractSchemas = validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/', classTransformerMetadataStorage: classTransformerStorage() }) as Record<
    string,
    SchemaObject
  >;
  // LoginBody is OmitType(LoginRequest, ['clientIp']): its rules live on a generated parent class,
  // so its schema is derived here from LoginRequest's, under the name the routes reference.
  delete contractSchemas.OmitLoginRequestClientIp;
  if (contractSchemas.LoginRequest) contractSchemas.LoginBody = withoutProperties(contractSchemas.LoginRequest, ['clientIp']);
  document.components = {
    ...document.components,
    schemas: {
      ...contractSchemas,
      ErrorBody: {
        type: 'object',
        required: ['code', 'message', 'requestId'],
        properties: {
          code: { type: 'string', example: 'PLATFORM.NOT_FOUND' },
          message: { type: 'string' },
          details: {
            type: 'object',
            properties: { fields: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, reason: { type: 'string' } } } } },
          },
          requestId: { type: 'string' },
        },
      },
      Principal: {
        type: 'object',
        description: 'who the access token names (roles are not in it: services ask platform)',
        required: ['sub', 'realm', 'companyId', 'kind'],
        properties: {
          sub: { type: 'string', description: 'user id (or service account client id)' },
          realm: { type: 'string', example: 'company', description: '`company` or `env:<environmentId>`' },
          companyId: { type: 'string', format: 'uuid' },
          environmentId: { type: 'string', format: 'uuid', description: 'environment realms only' },
          sessionId: { type: 'string', description: 'absent for service accounts' },
          kind: { type: 'string', enum: ['user', 'service'] },
        },
      },
      FleetHealth: {
        type: 'object',
        required: ['status', 'services'],
        properties: {
          status: { type: 'string', enum: ['up', 'down'] },
          services: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              properties: { status: { type: 'string', enum: ['up', 'down'] }, error: { type: 'string' }, checks: { type: 'object' } },
            },
          },
        },
      },
      ...(document.components?.schemas ?? {}),
    },
  };
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** A copy of an object schema without some of its properties. */
function withoutProperties(schema: SchemaObject, names: string[]): SchemaObject {
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => !names.includes(k)));
  const required = schema.required?.filter((k) => !names.includes(k));
  return { ...schema, properties, ...(required ? { required } : {}) };
}

/**
 * class-transformer's metadata (`@Type(() => CompanyReply)`), so that arrays of nested contract
 * classes reference their item schema instead of a non-existent `Array` schema. Not in the package's
 * public entry; the CommonJS build exposes it.
 */
function classTransformerStorage(): MetadataStorage {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage }).defaultMetadataStorage;
}
