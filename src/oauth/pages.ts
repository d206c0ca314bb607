import type { MarketplaceType } from '../generated/prisma/enums.ts';

/** The small HTML pages of the connect flow: escaped text, no scripts, nothing loaded from elsewhere. */

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Headers for every page: nothing cached, no Referer carrying the callback's code elsewhere, no
 * script, not framed — except by BigCommerce's control panel, which loads the auth callback in a
 * frame. No `form-action`: browsers apply it to the redirect after the shop form too.
 */
export function pageHeaders(marketplace: MarketplaceType | null): Record<string, string> {
  const framedBy = marketplace === 'BIGCOMMERCE' ? 'https://*.bigcommerce.com' : "'none'";
  return {
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    ...(marketplace !== 'BIGCOMMERCE' && { 'X-Frame-Options': 'DENY' }),
    'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; frame-ancestors ${framedBy}`,
  };
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#222}h1{font-size:1.4rem}input{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box}button{font-size:1rem;margin-top:.8rem;padding:.4rem 1rem}.error{color:#a00}';

export function renderPage(title: string, bodyHtml: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} · Frame</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1>${bodyHtml}</body></html>`;
}

export const textPage = (title: string, lines: string[]) =>
  renderPage(title, lines.map((l) => `<p>${escapeHtml(l)}</p>`).join(''));

/** The connect link's landing page: one button, posting the link back to start the flow. */
export function linkConfirmPage(opts: { name: string; action: string; link: string }): string {
  return renderPage(
    `Connect ${opts.name}`,
    `<p>Frame will read your ${escapeHtml(opts.name)} orders and products (read-only) to answer your questions.</p>` +
      `<form method="post" action="${escapeHtml(opts.action)}">` +
      `<input type="hidden" name="link" value="${escapeHtml(opts.link)}">` +
      `<button type="submit">Continue to ${escapeHtml(opts.name)}</button></form>`,
  );
}

/** The form that asks for the store (Shopify's shop domain), posting back to the same start URL with the state. */
export function storeFormPage(opts: {
  name: string;
  action: string;
  state: string;
  error?: string;
  value?: string;
}): string {
  const error = opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : '';
  return renderPage(
    `Connect ${opts.name}`,
    `<p>Which ${escapeHtml(opts.name)} store? Enter its address, like <code>your-store.myshopify.com</code>.</p>${error}` +
      `<form method="post" action="${escapeHtml(opts.action)}">` +
      `<input type="hidden" name="state" value="${escapeHtml(opts.state)}">` +
      `<label for="shop">Store address</label><input id="shop" name="shop" required autocomplete="off" spellcheck="false" value="${escapeHtml(opts.value ?? '')}">` +
      `<button type="submit">Continue to ${escapeHtml(opts.name)}</button></form>`,
  );
}
