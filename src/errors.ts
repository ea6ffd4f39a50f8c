/**
 * The one error type of the product. Every failure a user can cause has a stable `code`, an HTTP
 * status and a public sentence; the internal `cause` (library messages, stack traces) stays on the
 * server side and is never shown to a client.
 *
 * docs/errors.md lists every code below; test/errors.test.ts fails when one is missing there.
 */

interface ErrorSpec {
  readonly status: number;
  /** The default public sentence; a call site may give a more precise one. */
  readonly message: string;
}

export const ERROR_CATALOG = {
  EMPTY_INPUT: { status: 400, message: 'The upload is empty: no image bytes were received.' },
  INVALID_OPTION: { status: 400, message: 'An option has an invalid value.' },
  FILE_TOO_LARGE: { status: 413, message: 'The file is larger than this service accepts.' },
  UNSUPPORTED_FORMAT: {
    status: 415,
    message: 'This is not an image format we support: use JPEG, PNG, WebP, AVIF, GIF or TIFF.',
  },
  CORRUPT_IMAGE: { status: 422, message: 'The image is damaged or incomplete and cannot be decoded.' },
  TOO_MANY_PIXELS: { status: 422, message: 'The image has more pixels than this service accepts.' },
  TOO_MANY_FRAMES: { status: 422, message: 'The animation has more frames than this service accepts.' },
  ANIMATION_NOT_SUPPORTED: {
    status: 422,
    message: 'This image is animated and the chosen output format cannot hold an animation. Choose WebP or GIF.',
  },
  OUTPUT_TOO_LARGE: {
    status: 422,
    message: 'The image is too large for the chosen output format. Resize it or choose another format.',
  },
  TARGET_UNREACHABLE: { status: 422, message: 'The requested size cannot be reached at an acceptable quality.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests. Please wait a moment and try again.' },
  OVERLOADED: { status: 503, message: 'The service is busy right now. Please try again in a few seconds.' },
  TIMEOUT: { status: 503, message: 'Processing took too long and was stopped.' },
  BAD_REQUEST: { status: 400, message: 'The request is malformed.' },
  NOT_FOUND: { status: 404, message: 'There is nothing at this address.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This address does not accept that method.' },
  UNAUTHORIZED: { status: 401, message: 'Valid operator credentials are required.' },
  HTTPS_REQUIRED: { status: 403, message: 'Operator credentials are accepted only over HTTPS (or from this machine). Use the https:// address.' },
  CROSS_SITE_REQUEST: { status: 403, message: 'This request came from another site. Change your privacy settings on this site\'s own pages.' },
  STATS_UNAVAILABLE: { status: 503, message: 'The statistics store cannot be reached right now. Please try again in a minute.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side. The error has been logged.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export const ERROR_CODES = Object.keys(ERROR_CATALOG) as ErrorCode[];

export interface CompressorErrorInit {
  /** A more precise public sentence than the catalogue's default. Must not contain internal detail. */
  message?: string;
  /** The internal cause: logged, never sent. */
  cause?: unknown;
  /** Extra public, machine-readable detail (for example `{ option: 'quality' }`). */
  details?: Record<string, unknown>;
}

export class CompressorError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, init: CompressorErrorInit = {}) {
    super(init.message ?? ERROR_CATALOG[code].message, { cause: init.cause });
    this.name = 'CompressorError';
    this.code = code;
    this.status = ERROR_CATALOG[code].status;
    this.details = Object.freeze({ ...(init.details ?? {}) });
  }

  /** What a client may see: never the cause, never a stack. */
  toPublic(): { code: ErrorCode; status: number; message: string; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, status: this.status, message: this.message, details: this.details };
  }
}

export function isCompressorError(value: unknown): value is CompressorError {
  return value instanceof CompressorError;
}

/** Wraps anything thrown into a CompressorError; unknown failures become INTERNAL with the cause kept. */
export function toCompressorError(value: unknown): CompressorError {
  if (isCompressorError(value)) return value;
  return new CompressorError('INTERNAL', { cause: value });
}
