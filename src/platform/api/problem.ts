import type { Response } from 'express'
import type { FieldError } from '../errors.js'

/** RFC 9457 problem details: the one error shape of the JSON API. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  instance?: string
  errors?: FieldError[]
}

export function sendProblem(res: Response, problem: Problem) {
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem))
}

export function problemType(status: number): string {
  return status === 400 ? 'https://ascend.invalid/problems/invalid-request' : `https://httpstatuses.io/${status}`
}
