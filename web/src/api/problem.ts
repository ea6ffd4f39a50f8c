/**
 * The server's errors are RFC 9457 problem documents with a stable `code` and a human `detail`
 * sentence; the page shows that sentence as it is, so the web page, the API and the CLI say the same.
 */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  /** Whether trying the same request again can help (busy, rate limited, network). */
  readonly retryable: boolean;

  constructor(status: number, code: string, detail: string) {
    super(detail);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = code;
    this.retryable = status === 0 || status === 429 || status >= 500;
  }
}

interface ProblemDocument {
  readonly code?: unknown;
  readonly detail?: unknown;
  readonly title?: unknown;
}

/** Turns an error answer into an ApiProblem, whatever the body (a proxy may answer with HTML). */
export function problemFrom(status: number, body: string): ApiProblem {
  try {
    const doc = JSON.parse(body) as ProblemDocument;
    const detail = typeof doc.detail === 'string' ? doc.detail : typeof doc.title === 'string' ? doc.title : undefined;
    if (detail) return new ApiProblem(status, typeof doc.code === 'string' ? doc.code : `HTTP_${status}`, detail);
  } catch {
    /* not JSON: described below */
  }
  return new ApiProblem(status, `HTTP_${status}`, `The server answered with an unexpected error (HTTP ${status}). Please try again.`);
}

export const NETWORK_PROBLEM = (): ApiProblem =>
  new ApiProblem(0, 'NETWORK', 'The server could not be reached. Check your connection and try again.');
