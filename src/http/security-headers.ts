import { PAGE_CSS_HASH_SOURCE } from './pages/style.ts';

// The pages have no script, so `default-src 'none'` leaves scripts blocked, and the one inline
// style element is allowed by its hash alone. `form-action 'self'` keeps the review form from
// posting anywhere else even if markup were injected.
function contentSecurityPolicy(styleHashSource: string): string {
  return [
    "default-src 'none'",
    `style-src ${styleHashSource}`,
    "img-src 'self' data:",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Returns the response headers for every HTML page. The pages carry a personal review token,
 * so nothing is cached, indexed, framed or sent on as a referrer. The admin pages pass the hash
 * of their own stylesheet. Each call returns a new object that the caller may change.
 */
export function htmlSecurityHeaders(styleHashSource = PAGE_CSS_HASH_SOURCE): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': contentSecurityPolicy(styleHashSource),
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Robots-Tag': 'noindex',
    'X-Frame-Options': 'DENY',
  };
}
