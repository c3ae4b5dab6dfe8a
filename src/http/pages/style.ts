import { createHash } from 'node:crypto';

/**
 * The one stylesheet shared by every page, placed verbatim in an inline `<style>` element.
 * It stays ASCII-only (non-ASCII characters as CSS escapes such as `\2713`), so its bytes are
 * the same under any encoding and the CSP hash cannot drift from what the browser hashes.
 *
 * WCAG 2.1 contrast ratios against the white card: text #1f2328 15.8:1, muted #57606a 6.4:1,
 * teal #0f5f5c 7.5:1 (the same for white button text on teal), error #b42318 6.6:1, focus ring
 * #1a4fd6 6.7:1, stars #9a6700 4.9:1 and control borders #6e7781 4.5:1.
 */
export const PAGE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { color-scheme: light; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1.0625rem;
  line-height: 1.5;
  color: #1f2328;
  background: #f3f4f6;
}
.site-header, .site-main, .site-footer { max-width: 32rem; margin: 0 auto; padding: 0 1rem; }
.site-header { padding-top: 1.25rem; padding-bottom: 0.75rem; }
body > main:first-child { padding-top: 1.25rem; }
.business-name { margin: 0; font-weight: 700; font-size: 1.125rem; color: #0f5f5c; overflow-wrap: anywhere; }
.card { background: #fff; border: 1px solid #d0d7de; border-radius: 0.75rem; padding: 1.25rem 1rem; }
.card > :last-child { margin-bottom: 0; }
.site-footer { padding-top: 1rem; padding-bottom: 2rem; font-size: 0.875rem; color: #57606a; text-align: center; }
.site-footer p { margin: 0; }
h1 { margin: 0 0 0.5rem; font-size: 1.5rem; line-height: 1.25; }
h2 { margin: 0 0 0.5rem; font-size: 1.125rem; }
p { margin: 0 0 1rem; overflow-wrap: anywhere; }
a { color: #0f5f5c; text-decoration-thickness: 0.1em; text-underline-offset: 0.15em; }
a:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible {
  outline: 3px solid #1a4fd6;
  outline-offset: 2px;
}
.lead { font-size: 1.125rem; }
.muted { color: #57606a; font-size: 0.9375rem; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0;
}
form { margin: 0; }
fieldset { margin: 0 0 1.5rem; padding: 0; border: 0; min-width: 0; }
legend { padding: 0; margin-bottom: 0.5rem; font-weight: 700; font-size: 1.125rem; }
.choices { display: grid; gap: 0.5rem; }
.choice { position: relative; }
.choice input {
  position: absolute; z-index: 1; left: 1rem; top: 50%; width: 1.5rem; height: 1.5rem;
  margin: -0.75rem 0 0; accent-color: #0f5f5c;
}
.choice label {
  position: relative; display: flex; flex-direction: column; justify-content: center;
  min-height: 3.25rem; padding: 0.625rem 2.5rem 0.625rem 3.25rem;
  border: 2px solid #6e7781; border-radius: 0.5rem; background: #fff; cursor: pointer;
}
.choice label:hover { background: #f6f8fa; }
.stars { color: #9a6700; font-size: 1.25rem; line-height: 1.3; letter-spacing: 0.1em; white-space: nowrap; }
.choice input:checked + label {
  border-color: #0f5f5c; background: #e3f1f0; font-weight: 700;
  box-shadow: inset 0 0 0 2px #0f5f5c;
}
.choice input:checked + label::after {
  content: "\\2713" / "";
  position: absolute; right: 1rem; top: 50%; transform: translateY(-50%); font-size: 1.25rem; color: #0f5f5c;
}
/* The ring goes around the whole row, which is the visible control, and not also the small circle. */
.choice input:focus-visible { outline: 0; }
.choice input:focus-visible + label { outline: 3px solid #1a4fd6; outline-offset: 2px; }
label.field-label { display: block; font-weight: 700; font-size: 1.125rem; margin-bottom: 0.25rem; }
.hint { color: #57606a; margin: 0 0 0.5rem; font-size: 0.9375rem; }
textarea {
  display: block; width: 100%; min-height: 8rem; padding: 0.625rem 0.75rem; resize: vertical;
  font: inherit; color: inherit; background: #fff; border: 2px solid #6e7781; border-radius: 0.5rem;
}
.field { margin-bottom: 1.5rem; }
.field-invalid { border-left: 4px solid #b42318; padding-left: 0.75rem; }
.error-message { color: #b42318; font-weight: 700; margin: 0 0 0.5rem; }
textarea[aria-invalid="true"] { border-color: #b42318; }
.error-summary { border: 3px solid #b42318; border-radius: 0.5rem; padding: 0.75rem 1rem; margin-bottom: 1.5rem; }
.error-summary ul { margin: 0; padding-left: 1.25rem; }
.error-summary a { color: #b42318; font-weight: 700; }
button {
  display: block; width: 100%; min-height: 3rem; padding: 0.75rem 1.25rem;
  font: inherit; font-weight: 700; color: #fff; background: #0f5f5c;
  border: 2px solid #0f5f5c; border-radius: 0.5rem; cursor: pointer;
}
button:hover { background: #0b4744; }
.privacy { margin: 1rem 0 0; }
.result-stars { font-size: 2rem; color: #9a6700; letter-spacing: 0.1em; margin-bottom: 0.25rem; }
.outbox { list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem; }
.message { border: 1px solid #d0d7de; border-radius: 0.5rem; padding: 0.75rem 1rem; background: #fff; }
.message-meta { margin: 0 0 0.5rem; color: #57606a; font-size: 0.9375rem; }
.kind { display: inline-block; margin-right: 0.5rem; padding: 0 0.5rem; border: 1px solid #57606a; border-radius: 1rem; font-weight: 700; }
.message-body { white-space: pre-wrap; margin: 0 0 0.5rem; }
.message-link { margin: 0; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.875rem; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9375em; background: #f3f4f6; padding: 0 0.25rem; border-radius: 0.25rem; }
/* From 26rem the stars and the words fit on one line, with the words aligned in a column. */
@media (min-width: 26rem) {
  .choice label { flex-direction: row; justify-content: flex-start; align-items: center; column-gap: 0.75rem; }
  .stars { min-width: 7.5rem; }
}
@media (min-width: 40rem) {
  .site-header { padding-top: 2rem; }
  .card { padding: 2rem; }
  button { width: auto; }
}
@media (forced-colors: active) {
  .choice input:checked + label { border-width: 4px; border-color: Highlight; }
}
`;

/** The CSP hash-source (`'sha256-…'`) that allows exactly `PAGE_CSS` in `style-src`. */
export const PAGE_CSS_HASH_SOURCE = `'sha256-${createHash('sha256').update(PAGE_CSS, 'utf8').digest('base64')}'`;
