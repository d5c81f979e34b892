import { AppError } from '../../src/errors.js';

/** The AppError `fn` throws (anything else is rethrown; no error at all fails the test). */
export function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}
