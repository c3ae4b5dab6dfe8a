import { compileFragment, renderLayout } from './layout.ts';

export interface ErrorPageView {
  /** Shown in the header when the business is known, for example for an expired link. */
  businessName?: string;
  /** Page heading that names the problem, for example "This link has expired". */
  title: string;
  /** One or two plain sentences on what happened. */
  message: string;
  /** Next step for the customer, shown below the message. */
  hint?: string;
}

const renderBody = compileFragment<{ title: string; message: string; hint: string }>(`<h1><%= it.title %></h1>
<p class="lead"><%= it.message %></p>
<% if (it.hint) { %>
<p><%= it.hint %></p>
<% } %>
`);

/** Renders a page that explains a problem to the customer in the words the caller supplies. */
export function renderErrorPage(view: ErrorPageView): string {
  const body = renderBody({ title: view.title, message: view.message, hint: view.hint ?? '' });

  return renderLayout({ title: view.title, businessName: view.businessName, body });
}
