import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import twilio from 'twilio';

/**
 * A local stand-in for Twilio's Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json),
 * reached by the real twilio SDK through `httpClient`: a RequestClient that sends the SDK's
 * requests here instead of api.twilio.com. Records every accepted message in order.
 */
export interface SentMessage {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  body: string;
  mediaUrl: string[];
  /** a Content Template sent (its body rendered with the variables) */
  contentSid?: string;
  /** what Twilio reports later (a status callback): 'failed' with 63016 for free-form text outside the 24-hour window */
  status: 'queued' | 'failed';
  errorCode?: number;
}

export interface FakeTwilio {
  url: string;
  httpClient: twilio.RequestClient;
  messages: SentMessage[];
  /** requests refused (bad auth, bad parameters), with Twilio's error code */
  refused: { status: number; code: number }[];
  /** an approved Content Template: {{1}}… in `body` are its variables */
  addTemplate(contentSid: string, body: string): void;
  /** the person at `number` wrote at `at`: WhatsApp's 24-hour window runs from it (with `window`) */
  inbound(number: string, at: Date): void;
  /** holds every Messages request unanswered until the returned function is called */
  hold(): () => void;
  /** polls until `predicate` holds over the messages sent to `to` (bounded), and returns them */
  waitFor(to: string, predicate: (sent: SentMessage[]) => boolean, timeoutMs?: number): Promise<SentMessage[]>;
  close(): Promise<void>;
}

const MAX_BODY = 1600;

/**
 * `window`: imitate WhatsApp's 24-hour customer-service window on the clock given: free-form
 * text to a number that has not written within 24 hours is accepted (201) and then fails with
 * 63016, as Twilio reports it after the fact; templates go out whatever the window.
 */
export async function startFakeTwilio(
  accounts: Record<string, string>,
  opts: { window?: { now: () => Date } } = {},
): Promise<FakeTwilio> {
  const messages: SentMessage[] = [];
  const templates = new Map<string, string>();
  const lastInbound = new Map<string, Date>();
  const refused: FakeTwilio['refused'] = [];
  let gate: Promise<void> | undefined;
  const app = express();

  const error = (res: express.Response, status: number, code: number, message: string) => {
    refused.push({ status, code });
    res.status(status).json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  };

  app.post('/2010-04-01/Accounts/:sid/Messages.json', express.urlencoded({ extended: false }), async (req, res) => {
    if (gate) await gate;
    const sid = req.params.sid;
    const [scheme, encoded] = (req.get('authorization') ?? '').split(' ');
    const [user, password] = Buffer.from(encoded ?? '', 'base64')
      .toString()
      .split(':');
    if (scheme !== 'Basic' || user !== sid || accounts[sid] === undefined || password !== accounts[sid])
      return error(res, 401, 20003, 'Authenticate');
    const p = req.body as Record<string, string | string[] | undefined>;
    const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
    const to = one(p.To);
    const from = one(p.From);
    const contentSid = one(p.ContentSid);
    let body = one(p.Body) ?? '';
    const mediaUrl = p.MediaUrl === undefined ? [] : Array.isArray(p.MediaUrl) ? p.MediaUrl : [p.MediaUrl];
    let status: SentMessage['status'] = 'queued';
    let errorCode: number | undefined;
    if (contentSid !== undefined) {
      const template = templates.get(contentSid);
      if (!/^HX[0-9a-f]{32}$/i.test(contentSid) || template === undefined)
        return error(res, 400, 21655, 'The ContentSid is Invalid');
      let variables: Record<string, unknown> = {};
      try {
        variables = JSON.parse(one(p.ContentVariables) ?? '{}') as Record<string, unknown>;
      } catch {
        return error(res, 400, 21656, 'The ContentVariables Parameter is invalid');
      }
      if (Object.values(variables).some((v) => typeof v !== 'string' || /[\n\t]| {4}/.test(v)))
        return error(res, 400, 21656, 'The ContentVariables Parameter is invalid');
      const placeholders = [...template.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1]!);
      if (placeholders.some((k) => variables[k] === undefined)) {
        status = 'failed';
        errorCode = 63028; // the number of parameters does not match the template's
      }
      body = template.replace(/\{\{(\d+)\}\}/g, (_, k: string) => String(variables[k] ?? ''));
    } else if (opts.window && to) {
      const last = lastInbound.get(to.replace(/^whatsapp:/, ''));
      if (!last || opts.window.now().getTime() - last.getTime() > 24 * 3_600_000) {
        status = 'failed';
        errorCode = 63016;
      }
    }
    if (!to || !/^whatsapp:\+[1-9]\d{6,14}$/.test(to))
      return error(res, 400, 21211, `Invalid 'To' Phone Number: ${to ?? ''}`);
    if (!from || !/^whatsapp:\+[1-9]\d{6,14}$/.test(from))
      return error(res, 400, 21212, `Invalid From Number (caller ID): ${from ?? ''}`);
    if (body === '' && mediaUrl.length === 0) return error(res, 400, 21602, 'Message body is required.');
    if (body.length > MAX_BODY)
      return error(res, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (mediaUrl.some((u) => !URL.canParse(u))) return error(res, 400, 21620, 'Invalid media URL(s).');

    const messageSid = `${mediaUrl.length ? 'MM' : 'SM'}${randomBytes(16).toString('hex')}`;
    messages.push({
      sid: messageSid,
      accountSid: sid,
      from,
      to,
      body,
      mediaUrl,
      status,
      ...(contentSid && { contentSid }),
      ...(errorCode && { errorCode }),
    });
    const now = new Date().toUTCString().replace('GMT', '+0000');
    res.status(201).json({
      account_sid: sid,
      api_version: '2010-04-01',
      body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from,
      messaging_service_sid: null,
      num_media: String(mediaUrl.length),
      num_segments: '1',
      price: null,
      price_unit: null,
      sid: messageSid,
      status: 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${sid}/Messages/${messageSid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${sid}/Messages/${messageSid}.json`,
    });
  });
  app.use((req, res) => error(res, 404, 20404, `The requested resource ${req.path} was not found`));

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  class LocalRequestClient extends twilio.RequestClient {
    override request<T>(opts: Parameters<twilio.RequestClient['request']>[0] & { data?: T }) {
      const target = new URL(opts.uri);
      return super.request({ ...opts, uri: `${url}${target.pathname}${target.search}` });
    }
  }

  return {
    url,
    httpClient: new LocalRequestClient({ keepAlive: false }),
    messages,
    refused,
    addTemplate: (contentSid, body) => void templates.set(contentSid, body),
    inbound: (number, at) => void lastInbound.set(number, at),
    hold() {
      let release!: () => void;
      gate = new Promise((resolve) => {
        release = () => {
          gate = undefined;
          resolve();
        };
      });
      return release;
    },
    async waitFor(to, predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const sent = messages.filter((m) => m.to === `whatsapp:${to}`);
        if (predicate(sent)) return sent;
        if (Date.now() > deadline)
          throw new Error(
            `timed out waiting for messages to ${to}; got ${JSON.stringify(sent.map((m) => m.body.slice(0, 80)))}`,
          );
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
