import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

/** Serves the OpenAPI document of every route at /api/docs (UI) and /api/docs-json. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Fleet API')
    .setDescription('The HTTP API of the Fleet gateway. Every error body is { code, message, details?, requestId }; every response carries x-request-id.')
    .setVersion('1')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const contractSchemas = validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/' });
  document.components = {
    ...document.components,
    schemas: {
      ...(contractSchemas as Record<string, object>),
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
