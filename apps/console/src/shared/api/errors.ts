/** One entry of a problem's `errors[]`: the API names the field it refuses. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  code?: string;
  errors?: FieldProblem[];
}

/** An application/problem+json answer (4xx/5xx). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }

  get status(): number {
    return this.problem.status;
  }
}

/** The request never got an answer (offline, server down): worth retrying. */
export class NetworkError extends Error {}

export function toProblem(status: number, body: unknown): Problem {
  if (body && typeof body === 'object' && 'status' in body) return body as Problem;
  return { status, title: typeof body === 'string' && body ? body : undefined };
}
