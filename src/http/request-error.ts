import { StarlingError } from '../core/errors.ts';

/** A request the HTTP layer rejects before any use case runs; its message is safe to show. */
export class RequestError extends StarlingError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A known path requested with another method; `allowed` fills the 405's `Allow` header. */
export class MethodNotAllowedError extends RequestError {
  constructor(
    readonly allowed: string[],
    message: string,
  ) {
    super(405, 'method_not_allowed', message);
  }
}
