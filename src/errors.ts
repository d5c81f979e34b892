/**
 * The one error family of the gateway. Every expected failure is an AppError with a code; the GraphQL
 * layer maps the code to `extensions.code` in one place (graphql/format-error.ts). Anything else is
 * an unknown error: masked for the client and logged with an id.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'SERVICE_UNAVAILABLE'
  | 'PAYLOAD_TOO_LARGE'
  /** A read statement, or the request's time budget, ran out of time and was stopped (HTTP 504). */
  | 'QUERY_TIMEOUT';

/**
 * Every `reason` code an error may carry (`extensions.reason`, and each of `extensions.issues`), by name: the
 * infrastructure's (src/error-reasons.ts) and each module's (`<module>.reasons.ts`), added by declaration
 * merging from the same object each declares at run time, as permission codenames are (src/auth/access.ts):
 * `declare module '../../errors.js' { interface ErrorReasons extends ReasonsOf<typeof reasons> {} }`.
 * A reason nobody declared does not compile; the composition root (src/system.ts) merges the declarations
 * and the schema lists them, with what each means, as the enum ErrorReason.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ErrorReasons {}

/** A declared reason code. */
export type Reason = Extract<keyof ErrorReasons, string>;

/** Reason codes with what each means and what to do about it (one sentence each). */
export type ReasonCatalog = Readonly<Record<string, string>>;

/** Declares reason codes, keeping their literal names for `ReasonsOf`. */
export const defineReasons = <const R extends ReasonCatalog>(reasons: R): R => reasons;

export type ReasonsOf<R extends ReasonCatalog> = Record<Extract<keyof R, string>, true>;

/** One problem with one input field; `field` is the path inside the input, e.g. ["address", "postcode"]. */
export type FieldIssue = { field: string[]; reason: Reason; message: string };

/** An AppError's details for the client: `reason` is a declared code, the other keys are free. */
export type ErrorExtensions = { reason?: Reason; [key: string]: unknown };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: ErrorExtensions = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const unauthenticated = (message = 'A valid bearer token is required.') => new AppError('UNAUTHENTICATED', message);
export const forbidden = (message = 'You may not do this.') => new AppError('FORBIDDEN', message);
/**
 * No such record, or none the caller may see: the two answer alike (no id echoed, no reason), so a refusal
 * never tells a caller that a record it may not see exists.
 */
export const notFound = (entity: string, _id?: string) => new AppError('NOT_FOUND', `${entity} not found.`, { entity });
/** A conflict with what is stored (a DUNS number taken); shaped like bad input, with its one issue in `issues`. */
export const conflict = (reason: Reason, message: string, field?: string[]) =>
  new AppError('CONFLICT', message, { reason, ...(field ? { field } : {}), issues: [{ field: field ?? [], reason, message }] });

/** Bad input: carries every field issue, and the first one's path as `field` for simple clients. */
export class InputError extends AppError {
  constructor(readonly issues: FieldIssue[]) {
    super('BAD_USER_INPUT', issues.map((i) => `${i.field.join('.') || 'input'}: ${i.message}`).join('; '), {
      field: issues[0]?.field,
      reason: issues[0]?.reason,
      issues,
    });
  }
}

export const badInput = (field: string[], reason: Reason, message: string) => new InputError([{ field, reason, message }]);

/** Collects issues while a rule set runs, then throws them together so a form can show them all. */
export class Issues {
  private readonly list: FieldIssue[] = [];

  add(field: string[] | string, reason: Reason, message: string): this {
    this.list.push({ field: Array.isArray(field) ? field : [field], reason, message });
    return this;
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  throwIfAny(): void {
    if (this.list.length) throw new InputError([...this.list]);
  }
}
