/** One error vocabulary for use cases; the web edge maps it to pages or RFC 9457 problems, the CLI to exit codes. */
export interface FieldError {
  field: string
  message: string
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message)
    this.name = new.target.name
  }
}

export class NotFound extends AppError {
  constructor(message = 'The page or record could not be found') {
    super(404, 'Not found', message)
  }
}

export class Forbidden extends AppError {
  constructor(message = 'You do not have permission to do this') {
    super(403, 'Forbidden', message)
  }
}

export class Unauthenticated extends AppError {
  constructor(message = 'You need to sign in') {
    super(401, 'Unauthorized', message)
  }
}

export class Conflict extends AppError {
  constructor(message: string) {
    super(409, 'Conflict', message)
  }
}

export class Invalid extends AppError {
  constructor(fieldErrors: FieldError[], message = 'There is a problem with what was sent') {
    super(400, 'Invalid request', message, fieldErrors)
  }
}

export class TooManyRequests extends AppError {
  constructor(message = 'Too many attempts. Wait a few minutes and try again') {
    super(429, 'Too many requests', message)
  }
}
