import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { MarketplaceType } from '../../generated/prisma/enums.ts';
import { MARKETPLACE_NAMES, marketplaceFromSlug, marketplaceSlug } from '../../marketplaces/registry.ts';
import { boundState, clearBinding, setBinding } from '../../oauth/browser-binding.ts';
import { chooseStore } from '../../oauth/choose-store.ts';
import { completeConnect } from '../../oauth/complete-connect.ts';
import type { FlowResult } from '../../oauth/flow-result.ts';
import { linkConfirmPage, pageHeaders, storeFormPage, textPage } from '../../oauth/pages.ts';
import { confirmConnect, type FlowDeps, startConnect } from '../../oauth/start-connect.ts';

const StartForm = z.object({
  link: z.string().max(300).optional(),
  state: z.string().max(200).optional(),
  shop: z.string().max(500).optional(),
});

function send(res: Response, deps: FlowDeps, m: MarketplaceType, result: FlowResult): void {
  res.set(pageHeaders(m));
  if ('bind' in result && result.bind) setBinding(res, deps, m, result.bind);
  if (result.kind === 'page' && result.unbind) clearBinding(res, deps, m);
  if (result.kind === 'redirect') return void res.redirect(302, result.location);
  const action = `${deps.config.publicBaseUrl}/oauth/${marketplaceSlug(m)}/start`;
  const html =
    result.kind === 'ask-store'
      ? storeFormPage({
          name: MARKETPLACE_NAMES[m],
          action,
          state: result.state,
          ...(result.error && { error: result.error }),
          ...(result.value && { value: result.value }),
        })
      : result.kind === 'confirm-link'
        ? linkConfirmPage({ name: MARKETPLACE_NAMES[m], action, link: result.link })
        : textPage(result.title, result.lines);
  res.status(result.status).type('html').send(html);
}

const errorPage = (res: Response, m: MarketplaceType | null, status: number, title: string, line: string) =>
  void res
    .set(pageHeaders(m))
    .status(status)
    .type('html')
    .send(textPage(title, [line]));

/** The query as single strings; null when a parameter repeats (no signature survives that). */
function singleQuery(req: Request): Record<string, string> | null {
  const params = new URL(req.originalUrl, 'http://local').searchParams;
  const out: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k in out) return null;
    out[k] = v;
  }
  return out;
}

/**
 * The seller-facing connect flow (src/oauth/): GET /oauth/<m>/start?link=… (the link checked,
 * a button), POST /oauth/<m>/start (the link used up, or the store form), GET
 * /oauth/<m>/callback. Every answer is a small HTML page
 * or a redirect; nothing is cached and no Referer leaves with the callback's code.
 */
export function oauthRouter(deps: FlowDeps): Router {
  const router = Router();

  const withMarketplace =
    (handle: (m: MarketplaceType, req: Request, res: Response) => Promise<void>) =>
    async (req: Request, res: Response, next: NextFunction) => {
      const m = marketplaceFromSlug(String(req.params.marketplace));
      if (!m) return errorPage(res, null, 404, 'Not found', 'Frame does not connect this marketplace.');
      try {
        await handle(m, req, res);
      } catch (err) {
        deps.log.error({ err, marketplace: m, path: req.path }, 'connect flow failed');
        if (res.headersSent) return next(err);
        errorPage(
          res,
          m,
          500,
          'Something went wrong',
          'Frame could not finish this step and stored nothing. Ask the bot for a new link and try again.',
        );
      }
    };

  router.get(
    '/oauth/:marketplace/start',
    withMarketplace(async (m, req, res) => {
      const link = typeof req.query.link === 'string' ? req.query.link : undefined;
      send(res, deps, m, await confirmConnect(deps, m, link));
    }),
  );

  router.post(
    '/oauth/:marketplace/start',
    express.urlencoded({ extended: false, limit: '4kb' }),
    withMarketplace(async (m, req, res) => {
      const form = StartForm.safeParse(req.body ?? {});
      if (!form.success) return errorPage(res, m, 400, 'Bad request', 'The form was not filled in as expected.');
      const { link, ...store } = form.data;
      send(res, deps, m, link !== undefined ? await startConnect(deps, m, link) : await chooseStore(deps, m, store));
    }),
  );

  router.get(
    '/oauth/:marketplace/callback',
    withMarketplace(async (m, req, res) => {
      const query = singleQuery(req);
      if (!query)
        return errorPage(
          res,
          m,
          400,
          'This answer cannot be used',
          'A parameter appears twice in this address, so nothing was stored.',
        );
      send(res, deps, m, await completeConnect(deps, m, query, boundState(req, deps.keyRing, m)));
    }),
  );

  return router;
}
