import express, { type NextFunction, type Request, type Response, type Router } from 'express'
import type { z } from 'zod'
import { AppError } from '../errors.js'
import type { Action } from '../policy/policy.js'
import { parseInput } from '../web/forms.js'
import { permit, publicRoute, signedIn } from '../web/permissions.js'

/**
 * A JSON API operation: its permission, its input and output schemas and its handler, declared once.
 * The same declaration registers the Express route, validates input at the edge and feeds the OpenAPI document.
 */
export interface ApiOperation<
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
  P extends z.ZodType = z.ZodType<Record<string, string>>,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string // Express style, relative to /api/v1, e.g. '/users/:id'
  summary: string
  tag: string
  permission: Action | 'signed-in' | 'public'
  params?: P
  query?: Q
  body?: B
  response: R
  status?: number
  /** The largest JSON body the call reads, in bytes: 100kB unless it carries a document (documentBody.ts). */
  bodyLimit?: number
  handler: (input: {
    req: Request
    res: Response
    params: z.infer<P>
    query: z.infer<Q>
    body: z.infer<B>
  }) => Promise<z.infer<R>>
}

// biome-ignore lint/suspicious/noExplicitAny: a registry of operations with differing schema types
type AnyOperation = ApiOperation<any, any, any, any>
const registry: AnyOperation[] = []

export function operations(): readonly AnyOperation[] {
  return registry
}

function guardFor(permission: AnyOperation['permission']) {
  if (permission === 'public') return publicRoute()
  if (permission === 'signed-in') return signedIn()
  return permit(permission)
}

const defaultBodyLimit = 100 * 1024

function requireJson(req: Request) {
  if (!req.is('application/json')) {
    throw new AppError(415, 'Unsupported media type', 'Send the request body as application/json')
  }
}

export function defineOperation<
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
  P extends z.ZodType = z.ZodType<Record<string, string>>,
>(router: Router, op: ApiOperation<Q, B, R, P>) {
  if (!registry.some((r) => r.method === op.method && r.path === op.path)) registry.push(op)
  // Each call reads its own body, after its permission is checked: a large one only where a document may come.
  const readBody = express.json({ limit: op.bodyLimit ?? defaultBodyLimit, type: 'application/json' })
  router[op.method](
    op.path,
    guardFor(op.permission),
    readBody,
    async (req: Request, res: Response, next: NextFunction) => {
      if (op.body) requireJson(req)
      const params = (op.params ? parseInput(op.params, req.params) : req.params) as z.infer<P>
      const query = (op.query ? parseInput(op.query, req.query) : undefined) as z.infer<Q>
      const body = (op.body ? parseInput(op.body, req.body ?? {}) : undefined) as z.infer<B>
      const result = await op.handler({ req, res, params, query, body })
      if (res.headersSent) return next()
      res.status(op.status ?? 200).json(op.response.parse(result))
    },
  )
}
