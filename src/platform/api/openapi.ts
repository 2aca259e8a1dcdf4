import { z } from 'zod'
import { operations } from './operations.js'

type JsonSchema = Record<string, unknown>

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema
  return rest
}

const problem: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
})

/** OpenAPI 3.1, generated from the same zod schemas that validate the requests. */
export function buildOpenApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of operations()) {
    const path = `/api/v1${op.path.replace(/:(\w+)/g, '{$1}')}`
    const parameters: unknown[] = []
    const pathParams = [...op.path.matchAll(/:(\w+)/g)].map((m) => m[1])
    const paramShapes = op.params ? (schemaOf(op.params, 'input').properties as Record<string, JsonSchema>) : {}
    for (const name of pathParams) {
      parameters.push({ name, in: 'path', required: true, schema: paramShapes[name as string] ?? { type: 'string' } })
    }
    if (op.query) {
      const query = schemaOf(op.query, 'input')
      const required = new Set((query.required as string[] | undefined) ?? [])
      for (const [name, schema] of Object.entries((query.properties as Record<string, JsonSchema>) ?? {})) {
        parameters.push({ name, in: 'query', required: required.has(name), schema })
      }
    }
    const security = op.permission === 'public' ? [] : [{ bearer: [] }, { session: [] }]
    paths[path] ??= {}
    paths[path][op.method] = {
      summary: op.summary,
      tags: [op.tag],
      operationId: `${op.method}${op.path.replace(/[/:](\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
      ...(op.permission === 'public' ? {} : { description: `Permission: ${op.permission}` }),
      security,
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(op.body, 'input') } } } }
        : {}),
      responses: {
        [String(op.status ?? 200)]: {
          description: 'Success',
          content: { 'application/json': { schema: schemaOf(op.response, 'output') } },
        },
        '400': problemResponse('Invalid request: each field at fault is named in errors'),
        ...(op.permission === 'public'
          ? {}
          : { '401': problemResponse('Not signed in'), '403': problemResponse('Not permitted') }),
      },
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ascend API',
      version: '1',
      description: 'The JSON API of Ascend. Errors are RFC 9457 problem details.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Problem: problem },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A service-account token from `npx ascend tokens create`',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'ascend.sid',
          description: 'A signed-in session; writes also need the x-csrf-token header',
        },
      },
    },
  }
}
