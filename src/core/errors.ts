/** Base of every error Starling raises on purpose; anything else reaching a handler is a bug. */
export class StarlingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The link has no token, or one that is not a Starling token at all. */
export class TokenMissingError extends StarlingError {}

/** The token is malformed, signed with an unknown key, or its signature does not match. */
export class TokenInvalidError extends StarlingError {}

/** The token was genuine but its expiry time has passed. */
export class TokenExpiredError extends StarlingError {
  constructor(readonly expiredAt: Date) {
    super(`token expired at ${expiredAt.toISOString()}`);
  }
}

/** The token is genuine, but its invitation or customer no longer exists or may not review. */
export class InvitationUnavailableError extends StarlingError {}

/** The invitation already produced a review, and this submission differs from it. */
export class ReviewAlreadySubmittedError extends StarlingError {
  constructor(readonly reviewId: string) {
    super(`invitation already has review ${reviewId}`);
  }
}

/** A request field failed validation; `field` names it and the message gives the reason. */
export class ValidationError extends StarlingError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** An invitation with the same id is already stored. */
export class InvitationExistsError extends StarlingError {}

/** Configuration is missing or invalid; the message names the variable. */
export class ConfigError extends StarlingError {}

/** No review has the id an admin asked for. */
export class ReviewNotFoundError extends StarlingError {
  constructor(readonly reviewId: string) {
    super(`no review has the id "${[...reviewId].slice(0, 64).join("")}"`);
  }
}

/**
 * A moderation found the review in another status than the admin saw, because someone else
 * moderated it first. `current` is the review as it is now, so the message can name who decided and when.
 */
export class ModerationConflictError extends StarlingError {
  constructor(
    readonly reviewId: string,
    readonly expected: string,
    readonly current: { status: string; moderatedBy?: string; moderatedAt?: string },
  ) {
    const who = current.moderatedBy ? ` by ${current.moderatedBy}` : '';
    const when = current.moderatedAt ? ` at ${current.moderatedAt}` : '';
    super(`review ${reviewId} is no longer ${expected}: it was ${current.status}${who}${when}`);
  }
}
