import type { HttpResponse } from '../../responses.ts';
import { compileFragment } from '../../pages/layout.ts';
import { adminPage } from './admin-layout.ts';

export interface LoginView {
  businessName: string;
  returnTo: string;
  /** The name typed last time, kept after a failed attempt. */
  username?: string;
  error?: string;
  /** A hint that names the password's location. */
  passwordHint: string;
  notice?: string;
}

const renderBody = compileFragment<LoginView>(`<div class="panel login">
<h1>Sign in</h1>
<% if (it.notice) { %>
<p class="notice" role="status"><%= it.notice %></p>
<% } %>
<% if (it.error) { %>
<p class="alert" role="alert" id="login-error"><%= it.error %></p>
<% } %>
<form method="post" action="/admin/login">
<input type="hidden" name="returnTo" value="<%= it.returnTo %>">
<div class="field">
<label for="username">User name</label>
<input id="username" name="username" autocomplete="username" required value="<%= it.username ?? 'admin' %>"<% if (it.error) { %> aria-describedby="login-error"<% } %>>
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required<% if (it.error) { %> aria-invalid="true" aria-describedby="login-error"<% } %>>
</div>
<button type="submit">Sign in</button>
</form>
<p class="muted"><%= it.passwordHint %></p>
</div>
`);

export function renderLoginPage(statusCode: number, view: LoginView): HttpResponse {
  return adminPage(statusCode, { title: 'Sign in', businessName: view.businessName, body: renderBody(view) });
}
