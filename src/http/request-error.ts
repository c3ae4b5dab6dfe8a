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
