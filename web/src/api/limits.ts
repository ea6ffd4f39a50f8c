/**
 * The limits the server enforces, so that the page can refuse what would certainly fail before
 * uploading it. When the answer is missing the page falls back to the product's defaults; the
 * server still checks everything, so a wrong guess costs an upload, never correctness.
 */
export interface Limits {
  readonly maxInputBytes: number;
  readonly maxBatchFiles: number;
}

export const DEFAULT_LIMITS: Limits = Object.freeze({ maxInputBytes: 25 * 1024 * 1024, maxBatchFiles: 20 });

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

export async function fetchLimits(): Promise<Limits> {
  try {
    const response = await fetch('/api/v1/limits', { headers: { Accept: 'application/json' } });
    if (!response.ok) return DEFAULT_LIMITS;
    const body = (await response.json()) as Record<string, unknown>;
    return {
      maxInputBytes: positiveInteger(body.maxInputBytes) ?? DEFAULT_LIMITS.maxInputBytes,
      maxBatchFiles: positiveInteger(body.maxBatchFiles) ?? DEFAULT_LIMITS.maxBatchFiles,
    };
  } catch {
    return DEFAULT_LIMITS;
  }
}
