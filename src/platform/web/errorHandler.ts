import type { ErrorRequestHandler, RequestHandler } from 'express'
import type { Logger } from 'pino'
import { problemType, sendProblem } from '../api/problem.js'
import { AppError, NotFound } from '../errors.js'
import { errorView } from './forms.js'

const isApi = (path: string) => path.startsWith('/api/')

/** Errors from body parsing (size, JSON syntax, charset) arrive as http-errors with a status and a type. */
function bodyParserError(error: unknown): AppError | undefined {
  const e = error as { status?: number; type?: string; expose?: boolean }
  if (typeof e?.status !== 'number' || typeof e.type !== 'string') return undefined
  switch (e.type) {
    case 'entity.too.large':
      return new AppError(413, 'Content too large', 'The request body is larger than this service accepts')
    case 'entity.parse.failed':
      return new AppError(400, 'Malformed request', 'The request body is not valid JSON')
    default:
      return new AppError(e.status, 'Bad request', 'The request could not be read')
  }
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFound())

export function errorHandler(logger: Logger, production: boolean): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = error instanceof AppError ? error : bodyParserError(error)
    const csrf = (error as { code?: string })?.code === 'EBADCSRFTOKEN'
    const appError =
      known ??
      (csrf
        ? new AppError(
            403,
            'Forbidden',
            'This form has expired or was not sent from this service. Go back, reload the page and try again',
          )
        : new AppError(500, 'Internal server error', 'Sorry, there is a problem with the service'))
    if (appError.status >= 500) logger.error({ err: error, reqId: req.id }, 'request failed')
    if (res.headersSent) return
    if (isApi(req.path)) {
      sendProblem(res, {
        type: problemType(appError.status),
        title: appError.title,
        status: appError.status,
        detail: appError.message,
        instance: req.originalUrl.split('?')[0],
        ...(appError.fieldErrors.length ? { errors: appError.fieldErrors } : {}),
      })
      return
    }
    if (appError.status === 401) {
      res.redirect(303, `/sign-in?returnTo=${encodeURIComponent(req.originalUrl)}`)
      return
    }
    res.status(appError.status)
    const template =
      appError.status === 404 ? 'pages/not-found' : appError.status === 403 ? 'pages/forbidden' : 'pages/error'
    res.render(template, {
      pageTitle:
        appError.status === 404
          ? 'Page not found'
          : appError.status === 403
            ? 'You do not have permission'
            : appError.title,
      status: appError.status,
      message: appError.message,
      stack: production || appError.status < 500 ? undefined : (error as Error)?.stack,
      ...errorView(appError.fieldErrors),
    })
  }
}
