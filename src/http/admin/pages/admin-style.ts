import { createHash } from 'node:crypto';

/**
 * The stylesheet of the admin pages, inline and allowed by its CSP hash like the customer pages'
 * one. ASCII only, so its bytes and hash never depend on an encoding. Colours keep WCAG AA contrast
 * on white: text #1f2328, muted #57606a, teal #0f5f5c, error #b42318, focus #1a4fd6, stars #9a6700.
 * Charts are SVG with presentation attributes, so they need nothing from this sheet.
 */
export const ADMIN_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { color-scheme: light; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 1rem; line-height: 1.5; color: #1f2328; background: #f3f4f6; }
.skip-link { position: absolute; left: -999rem; }
.skip-link:focus { left: 1rem; top: 1rem; background: #fff; padding: 0.5rem 1rem; z-index: 1; }
.admin-header { background: #0f5f5c; color: #fff; }
.admin-header-inner, .admin-main { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
.admin-header-inner { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; padding-top: 0.75rem; padding-bottom: 0.75rem; }
.admin-brand { margin: 0; font-weight: 700; font-size: 1.125rem; overflow-wrap: anywhere; }
.admin-nav { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: center; margin-left: auto; }
.admin-nav a, .admin-nav .link-button { color: #fff; }
.admin-nav form { margin: 0; }
.admin-main { padding-top: 1.5rem; padding-bottom: 3rem; }
h1 { margin: 0 0 1rem; font-size: 1.5rem; line-height: 1.25; }
h2 { margin: 0 0 0.75rem; font-size: 1.125rem; }
p { margin: 0 0 1rem; overflow-wrap: anywhere; }
a { color: #0f5f5c; text-underline-offset: 0.15em; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #1a4fd6; outline-offset: 2px; }
.panel { background: #fff; border: 1px solid #d0d7de; border-radius: 0.75rem; padding: 1.25rem; margin-bottom: 1.5rem; }
.panel > :last-child { margin-bottom: 0; }
.muted { color: #57606a; }
.numbers { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 1rem; margin: 0 0 1.5rem; }
.number { background: #fff; border: 1px solid #d0d7de; border-radius: 0.75rem; padding: 1rem; margin: 0; }
.number dt { color: #57606a; font-size: 0.9375rem; }
.number dd { margin: 0; font-size: 1.75rem; font-weight: 700; }
.number dd.number-detail { font-size: 0.9375rem; font-weight: 400; color: #57606a; }
.charts figure { margin: 0 0 1.5rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0 1.5rem; align-items: start; }
.charts figcaption { font-weight: 700; margin-bottom: 0.5rem; }
.charts svg { width: 100%; height: auto; display: block; }
.filters { display: flex; flex-wrap: wrap; gap: 0.75rem 1rem; align-items: flex-end; margin-bottom: 1rem; }
.filters fieldset { border: 1px solid #d0d7de; border-radius: 0.375rem; padding: 0.25rem 0.75rem 0.5rem; margin: 0; }
.filters fieldset label { margin-right: 0.5rem; white-space: nowrap; }
caption { caption-side: top; text-align: left; padding-bottom: 0.5rem; }
.field { display: flex; flex-direction: column; gap: 0.25rem; }
.field label, .field legend { font-weight: 600; font-size: 0.9375rem; }
input, select, textarea { font: inherit; color: #1f2328; background: #fff; border: 1px solid #6e7781; border-radius: 0.375rem; padding: 0.375rem 0.5rem; }
textarea { width: 100%; min-height: 4.5rem; resize: vertical; }
button, .button { display: inline-block; min-height: 2.5rem; padding: 0.375rem 1rem; font: inherit; font-weight: 700; color: #fff; background: #0f5f5c; border: 2px solid #0f5f5c; border-radius: 0.5rem; cursor: pointer; text-decoration: none; }
button.secondary { color: #0f5f5c; background: #fff; }
button.danger { background: #b42318; border-color: #b42318; }
.link-button { min-height: 0; padding: 0; font-weight: 400; background: none; border: 0; text-decoration: underline; color: #0f5f5c; }
.tabs { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; margin: 0 0 1rem; padding: 0; }
.tabs a { display: inline-block; padding: 0.25rem 0.75rem; border: 1px solid #d0d7de; border-radius: 1rem; background: #fff; text-decoration: none; }
.tabs a[aria-current="page"] { background: #0f5f5c; border-color: #0f5f5c; color: #fff; font-weight: 700; }
.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 0.5rem; border-bottom: 1px solid #d0d7de; }
th { font-size: 0.9375rem; color: #57606a; }
.stars { color: #9a6700; white-space: nowrap; letter-spacing: 0.05em; }
.badge { display: inline-block; padding: 0 0.5rem; border: 1px solid currentColor; border-radius: 1rem; font-size: 0.875rem; font-weight: 700; white-space: nowrap; }
.badge-new { color: #1a4fd6; }
.badge-approved { color: #116329; }
.badge-rejected { color: #b42318; }
.excerpt { max-width: 36rem; overflow-wrap: anywhere; }
.review-text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1.125rem; border-left: 4px solid #d0d7de; padding-left: 1rem; margin: 0 0 1rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 1rem; }
.facts dt { color: #57606a; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.history { margin: 0; padding-left: 1.25rem; }
.decisions { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
.notice { border: 2px solid #116329; border-radius: 0.5rem; padding: 0.75rem 1rem; background: #fff; margin-bottom: 1.5rem; }
.alert { border: 2px solid #b42318; border-radius: 0.5rem; padding: 0.75rem 1rem; background: #fff; margin-bottom: 1.5rem; }
.pager { display: flex; gap: 1rem; margin-top: 1rem; }
.login { max-width: 24rem; margin: 2rem auto; }
.login .field { margin-bottom: 1rem; }
@media (forced-colors: active) { .tabs a[aria-current="page"] { border-width: 3px; } }
`;

/** The CSP hash-source that allows exactly `ADMIN_CSS`. */
export const ADMIN_CSS_HASH_SOURCE = `'sha256-${createHash('sha256').update(ADMIN_CSS, 'utf8').digest('base64')}'`;
