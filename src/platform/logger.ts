import pino from 'pino'

/**
 * Structured JSON logs. Secrets and personal data never reach them: request logs carry method, path and status only,
 * and these paths are redacted wherever they appear.
 */
export function createLogger(level: string) {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.sessionId',
        '*.secret',
        '*.email',
        '*.name',
        '*.dateOfBirth',
      ],
      censor: '[redacted]',
    },
  })
}

export type Logger = pino.Logger
