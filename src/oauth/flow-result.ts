/** What a step of the connect flow answers the browser; the route turns it into a response. */
export type FlowResult =
  | {
      kind: 'redirect';
      location: string;
      /** a state to bind this browser to (cookie) */
      bind?: string;
    }
  | {
      /** the shop form (Shopify): the seller names the store first */
      kind: 'ask-store';
      status: number;
      state: string;
      error?: string;
      value?: string;
      bind?: string;
    }
  | {
      /** the connect link checked but not used up: a button goes on (a link preview stops here) */
      kind: 'confirm-link';
      status: number;
      link: string;
    }
  | {
      kind: 'page';
      status: number;
      title: string;
      lines: string[];
      /** the flow is over: forget the browser binding */
      unbind?: boolean;
    };

export const page = (status: number, title: string, lines: string[], unbind = false): FlowResult => ({
  kind: 'page',
  status,
  title,
  lines,
  ...(unbind && { unbind }),
});

export const STATE_REFUSED = (name: string) =>
  page(400, 'This link was already used or has expired', [
    `This ${name} connection link was already used or has expired, so nothing was changed.`,
    `Ask the bot for a new one ("connect ${name.toLowerCase()}").`,
  ]);
