import { PAGE_CSS_HASH_SOURCE } from './pages/style.ts';

// The pages have no script, so `default-src 'none'` leaves scripts blocked, and the one inline
// style element is allowed by its hash alone. `form-action 'self'` keeps the review form from
// posting anywhere else even if markup were injected.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${PAGE_CSS_HASH_SOURCE}`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Returns the response headers for every HTML page. The pages carry a personal review token,
 * so nothing is cached, indexed, framed or sent on as a referrer. Each call returns a new object
 * that the caller may change.
 */
export function htmlSecurityHeaders(): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Robots-Tag': 'noindex',
    'X-Frame-Options': 'DENY',
  };
}
