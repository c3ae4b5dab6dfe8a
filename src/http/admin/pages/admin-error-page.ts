import type { HttpResponse } from '../../responses.ts';
import { compileFragment } from '../../pages/layout.ts';
import { adminPage } from './admin-layout.ts';

const renderBody = compileFragment<{ title: string; message: string }>(`<div class="panel">
<h1><%= it.title %></h1>
<p><%= it.message %></p>
<p><a href="/admin">Back to the reviews</a></p>
</div>
`);

/** An admin page that names what went wrong. It has no navigation, because it may be rendered before sign-in is checked. */
export function renderAdminErrorPage(statusCode: number, view: { businessName: string; title: string; message: string }): HttpResponse {
  return adminPage(statusCode, { title: view.title, businessName: view.businessName, body: renderBody(view) });
}
