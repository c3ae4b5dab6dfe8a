import type { HttpResponse } from '../../responses.ts';
import { htmlResponse } from '../../responses.ts';
import type { HtmlFragment } from '../../pages/layout.ts';
import { compileFragment } from '../../pages/layout.ts';
import { ADMIN_CSS, ADMIN_CSS_HASH_SOURCE } from './admin-style.ts';

export interface AdminLayoutView {
  title: string;
  businessName: string;
  /** The signed-in admin; without one (the login page) the header has no navigation. */
  user?: { username: string; csrf: string };
  body: HtmlFragment;
}

// Only the constant stylesheet and the body, which its own template escaped, are written raw.
const renderDocument = compileFragment<AdminLayoutView & { css: string }>(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title><%= it.title %> – <%= it.businessName %> admin</title>
<style><%~ it.css %></style>
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="admin-header">
<div class="admin-header-inner">
<p class="admin-brand"><%= it.businessName %> · Starling admin</p>
<% if (it.user) { %>
<nav class="admin-nav" aria-label="Admin">
<a href="/admin">Reviews and numbers</a>
<a href="/admin/export.csv">Export CSV</a>
<span>Signed in as <%= it.user.username %></span>
<form method="post" action="/admin/logout">
<input type="hidden" name="csrf" value="<%= it.user.csrf %>">
<button type="submit" class="link-button">Sign out</button>
</form>
</nav>
<% } %>
</div>
</header>
<main id="content" class="admin-main">
<%~ it.body %>
</main>
</body>
</html>
`);

/** Renders an admin page in the shared shell, with the admin stylesheet's own CSP hash. */
export function adminPage(statusCode: number, view: AdminLayoutView): HttpResponse {
  return htmlResponse(statusCode, renderDocument({ ...view, css: ADMIN_CSS }), ADMIN_CSS_HASH_SOURCE);
}
