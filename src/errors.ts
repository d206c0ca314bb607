/** One error type for the product, with a code the caller can branch on. */
export const ErrorCode = {
  CONFIG: 'CONFIG',
  DATABASE: 'DATABASE',
  MIGRATION_EDITED: 'MIGRATION_EDITED',
  MIGRATION_FAILED: 'MIGRATION_FAILED',
  CRYPTO: 'CRYPTO',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_INPUT: 'INVALID_INPUT',
  UNAUTHORIZED: 'UNAUTHORIZED',
  JOB_BACKEND: 'JOB_BACKEND',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}
