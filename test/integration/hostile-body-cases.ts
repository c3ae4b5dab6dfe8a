import type { HostileCase } from './hostile-cases.ts';
import { FORM, JSON_TYPE, formBody } from './hostile-cases.ts';

/** Form values of `rating` that must be rejected, with a valid token and text. */
const BAD_FORM_RATINGS = ['0', '6', '5.5', '4.0', '1e0', '05', '', 'five', '５', ' 5', '5 ', '+5', '-1', '0x5', '5,1', 'NaN', 'Infinity', 'true', 'null', '9007199254740993', '٥', '5\u0000'];

/** JSON values of `rating` that must be rejected, written as JSON source text. */
const BAD_JSON_RATINGS = ['0', '6', '5.5', '4.0', '1e0', '"05"', '""', '"five"', '"５"', 'null', 'true', 'false', '[5]', '{"value":5}', '9007199254740993', '1e400', '-1', '"5 "', '-0', '5.0000000000000001'];

const LONG_TEXT = 'a'.repeat(5001);
const LONG_EMOJI_TEXT = '😀'.repeat(5001);
const LONG_CYRILLIC_TEXT = 'ж'.repeat(5001);
/** Text values that must be rejected, for the form and for JSON. */
const BAD_TEXTS: [string, string][] = [
  ['5,001 letters', LONG_TEXT],
  ['5,001 emoji', LONG_EMOJI_TEXT],
  ['5,001 Cyrillic letters', LONG_CYRILLIC_TEXT],
  ['a NUL character', 'Nice\u0000place'],
  ['a bell character', 'Nice\u0007place'],
  ['an escape sequence', 'Nice \u001b[31mred'],
  ['a DEL character', 'Nice\u007fplace'],
  ['a C1 control', 'Nice\u0085place'],
  ['a backspace', 'Nice\bplace'],
  ['a form feed', 'Nice\fplace'],
  ['a vertical tab', 'Nice\u000bplace'],
];

function ratingCases(): HostileCase[] {
  const form = BAD_FORM_RATINGS.map((rating): HostileCase => ({
    name: `form rating ${JSON.stringify(rating)}`,
    expectedStatus: 400,
    build: ({ token }) => ({ method: 'POST', path: '/review', headers: FORM, body: formBody([['token', token], ['rating', rating], ['text', '<script>alert(1)</script>']]) }),
  }));

  const json = BAD_JSON_RATINGS.map((rating): HostileCase => ({
    name: `JSON rating ${rating}`,
    expectedStatus: 400,
    build: ({ token }) => ({ method: 'POST', path: '/review', headers: JSON_TYPE, body: `{"token":${JSON.stringify(token)},"rating":${rating},"text":"ok"}` }),
  }));

  const structural: HostileCase[] = [
    { name: 'form rating repeated', expectedStatus: 400, build: ({ token }) => ({ method: 'POST', path: '/review', headers: FORM, body: formBody([['token', token], ['rating', '5'], ['rating', '1']]) }) },
    { name: 'form rating missing', expectedStatus: 400, build: ({ token }) => ({ method: 'POST', path: '/review', headers: FORM, body: formBody([['token', token], ['text', 'No stars']]) }) },
    { name: 'form rating as array syntax', expectedStatus: 400, build: ({ token }) => ({ method: 'POST', path: '/review', headers: FORM, body: formBody([['token', token], ['rating[]', '5']]) }) },
    { name: 'JSON rating missing', expectedStatus: 400, build: ({ token }) => ({ method: 'POST', path: '/review', headers: JSON_TYPE, body: JSON.stringify({ token, text: 'No stars' }) }) },
  ];

  return [...form, ...json, ...structural];
}

function textCases(): HostileCase[] {
  return BAD_TEXTS.flatMap(([name, text]): HostileCase[] => [
    { name: `form text with ${name}`, expectedStatus: 400, build: ({ token }) => ({ method: 'POST', path: '/review', headers: FORM, body: formBody([['token', token], ['rating', '5'], ['text', text]]) }) },
    { name: `JSON text with ${name}`, expectedStatus: 400, build: ({ token }) => ({ method: 'POST', path: '/review', headers: JSON_TYPE, body: JSON.stringify({ token, rating: 5, text }) }) },
  ]);
}

function nonStringTextCases(): HostileCase[] {
  return ['5', 'true', 'null', '[]', '{"a":1}', '["x","y"]'].filter((text) => text !== 'null').map((text): HostileCase => ({
    name: `JSON text ${text}`,
    expectedStatus: 400,
    build: ({ token }) => ({ method: 'POST', path: '/review', headers: JSON_TYPE, body: `{"token":${JSON.stringify(token)},"rating":5,"text":${text}}` }),
  }));
}

function bodyCases(): HostileCase[] {
  const post = (name: string, expectedStatus: number, headers: Record<string, string>, body: (token: string) => string | Buffer): HostileCase => ({
    name,
    expectedStatus,
    build: ({ token }) => ({ method: 'POST', path: '/review', headers, body: body(token) }),
  });

  return [
    post('an empty form body', 400, FORM, () => ''),
    post('an empty JSON body', 400, JSON_TYPE, () => ''),
    post('a body over 64 KiB', 413, FORM, (token) => formBody([['token', token], ['rating', '5'], ['text', 'x'.repeat(65 * 1024)]])),
    post('malformed JSON', 400, JSON_TYPE, (token) => `{"token":"${token}","rating":5`),
    post('a JSON array', 400, JSON_TYPE, (token) => JSON.stringify([token, 5])),
    post('a JSON string', 400, JSON_TYPE, () => '"hello"'),
    post('JSON null', 400, JSON_TYPE, () => 'null'),
    post('JSON with a byte order mark and no rating', 400, JSON_TYPE, (token) => `\uFEFF${JSON.stringify({ token })}`),
    post('a plain text body', 415, { 'content-type': 'text/plain' }, (token) => `token=${token}&rating=5`),
    post('a multipart body', 415, { 'content-type': 'multipart/form-data; boundary=x' }, () => '--x\r\nContent-Disposition: form-data; name="rating"\r\n\r\n5\r\n--x--'),
    post('an XML body', 415, { 'content-type': 'application/xml' }, () => '<review><rating>5</rating></review>'),
    post('no content type', 415, {}, (token) => `token=${token}&rating=5`),
    post('a broken percent escape', 400, FORM, (token) => `token=${token}&rating=5&text=%E0%A4%A`),
    post('percent-encoded invalid UTF-8', 400, FORM, (token) => `token=${token}&rating=5&text=%FF%FE`),
    post('raw bytes that are not UTF-8', 400, FORM, (token) => Buffer.concat([Buffer.from(`token=${token}&rating=5&text=`), Buffer.from([0xc3, 0x28])])),
    post('a repeated JSON rating', 400, JSON_TYPE, (token) => `{"token":"${token}","rating":4,"rating":1}`),
    post('JSON that is not UTF-8', 400, JSON_TYPE, (token) => Buffer.concat([Buffer.from(`{"token":"${token}","rating":5,"text":"caf`), Buffer.from([0xe9]), Buffer.from('"}')])),
    post('a repeated token field', 400, FORM, (token) => formBody([['token', token], ['token', token], ['rating', '5']])),
  ];
}

function headerCases(): HostileCase[] {
  const post = (name: string, headers: Record<string, string>): HostileCase => ({
    name,
    expectedStatus: 403,
    build: ({ token }) => ({ method: 'POST', path: '/review', headers: { ...FORM, ...headers }, body: formBody([['token', token], ['rating', '5']]) }),
  });

  return [
    post('a cross-site fetch', { 'sec-fetch-site': 'cross-site' }),
    post('a same-site sibling', { 'sec-fetch-site': 'same-site' }),
    post('another origin', { origin: 'http://evil.example' }),
    post('another port as origin', { origin: 'http://127.0.0.1:1' }),
    post('a cross-site fetch with a matching origin', { 'sec-fetch-site': 'cross-site', origin: 'http://127.0.0.1' }),
  ];
}

function methodAndQueryCases(): HostileCase[] {
  const request = (name: string, expectedStatus: number, method: string, path: (token: string) => string): HostileCase => ({
    name,
    expectedStatus,
    build: ({ token }) => ({ method, path: path(token) }),
  });

  return [
    request('PUT on the review route', 405, 'PUT', () => '/review'),
    request('DELETE on the review route', 405, 'DELETE', () => '/review'),
    request('PATCH on the review route', 405, 'PATCH', () => '/review'),
    request('an unknown path', 404, 'GET', () => '/review/extra'),
    request('a POST with the token only in the query', 415, 'POST', (token) => `/review?token=${token}`),
    request('two token parameters', 401, 'GET', (token) => `/review?token=${token}&token=${token}`),
    request('a token parameter with brackets', 400, 'GET', (token) => `/review?token[]=${token}`),
    request('an uppercase parameter name', 400, 'GET', (token) => `/review?TOKEN=${token}`),
    request('a parameter without a value', 400, 'GET', () => '/review?token'),
    request('a percent-encoded NUL', 401, 'GET', (token) => `/review?token=${token}%00`),
    request('a script in the query', 401, 'GET', () => '/review?token=%3Cscript%3Ealert(1)%3C%2Fscript%3E'),
  ];
}

export function bodyAndRequestCases(): HostileCase[] {
  return [...ratingCases(), ...textCases(), ...nonStringTextCases(), ...bodyCases(), ...headerCases(), ...methodAndQueryCases()];
}
