/** The local admin's session cookie over plain HTTP. */
export const ADMIN_COOKIE = 'starling_admin';

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** Signs in through the login form and returns the session cookie's value. */
export async function signInAsAdmin(baseUrl: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'admin', password, returnTo: '/admin' }).toString(),
    redirect: 'manual',
  });
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith(`${ADMIN_COOKIE}=`));
  const session = cookie?.split(';')[0]?.slice(ADMIN_COOKIE.length + 1);
  if (response.status !== 303 || !session) {
    throw new Error(`signing in returned ${response.status} without a session cookie`);
  }

  return session;
}

/** Submits a review as JSON, the way an API client does, and returns its id. */
export async function submitReviewJson(baseUrl: string, token: string, rating: number, text: string): Promise<string> {
  const response = await fetch(`${baseUrl}/review`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ token, rating, text }),
  });
  const body = (await response.json()) as { reviewId?: string };
  if (response.status !== 201 || !body.reviewId) {
    throw new Error(`submitting a review failed with ${response.status}`);
  }

  return body.reviewId;
}
