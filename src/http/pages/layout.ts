import { Eta } from 'eta/core';

import { PAGE_CSS } from './style.ts';

/**
 * HTML that a compiled template produced, with every dynamic value already escaped. The brand
 * keeps plain strings, such as user input, out of the layout's one raw (`<%~ %>`) body slot.
 */
export type HtmlFragment = string & { readonly htmlFragment: unique symbol };

export interface LayoutView {
  /** Text for the `<title>`, with the business name appended when there is one. */
  title: string;
  /** Name shown in the header. Without one, or with a blank one, the page has no header. */
  businessName?: string | undefined;
  body: HtmlFragment;
}

// `eta/core` has no file-system loader, which Starling does not need because every template is a
// string in this bundle. Both options are Eta's defaults, stated because the templates rely on them.
// `autoEscape` escapes every `<%= %>` value, and 'nl' drops the line break after each `%>` tag.
const eta = new Eta({ autoEscape: true, autoTrim: [false, 'nl'] });

/**
 * Compiles an Eta template once and returns a function that renders it to an `HtmlFragment`.
 * Templates must interpolate data with `<%= %>` only, so Eta escapes `& < > " '` in every value.
 */
export function compileFragment<T extends object>(source: string): (data: T) => HtmlFragment {
  const template = eta.compile(source);

  return (data: T) => eta.render(template, data) as HtmlFragment;
}

// The style text and the body are the only raw outputs. The CSS is a constant whose CSP hash must
// match byte for byte, and the body was escaped by its own template. Keep `<style>` on one line so
// no whitespace enters the hashed text.
const renderDocument = compileFragment<LayoutView & { css: string }>(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><%= it.title %></title>
<style><%~ it.css %></style>
</head>
<body>
<% if (it.businessName) { %>
<header class="site-header">
<p class="business-name"><%= it.businessName %></p>
</header>
<% } %>
<main class="site-main">
<div class="card">
<%~ it.body %>
</div>
</main>
<footer class="site-footer">
<p>Powered by Starling</p>
</footer>
</body>
</html>
`);

/** Wraps a page body in the shared document shell: head, style, header, `main` and footer. */
export function renderLayout(view: LayoutView): string {
  const businessName = view.businessName?.trim() ?? '';
  const title = businessName ? `${view.title} – ${businessName}` : view.title;

  return renderDocument({ title, businessName, body: view.body, css: PAGE_CSS });
}
