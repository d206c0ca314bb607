import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../src/config.ts';

function problemsOf(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('runs on defaults with every integration off', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(Object.values(config.integrations).map((i) => i.enabled)).toEqual([false, false, false, false, false]);
    expect(Object.values(config.marketplaces).every((m) => !m.enabled)).toBe(true);
    expect(config.integrations.openai.reason).toContain('OPENAI_API_KEY not set');
  });

  it('names the variable and what it expects for a bad value', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      TWILIO_ACCOUNT_SID: 'nope',
      TWILIO_AUTH_TOKEN: 't',
      TWILIO_WHATSAPP_FROM: '+14155238886',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ variable: 'PORT' }),
        { variable: 'DATABASE_URL', message: 'expected a postgresql:// connection URL' },
        { variable: 'TWILIO_ACCOUNT_SID', message: 'expected AC followed by 32 hex digits' },
      ]),
    );
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT:/);
  });

  it('turns an integration on only when its whole group is present', () => {
    expect(problemsOf({ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` })).toEqual([
      {
        variable: 'TWILIO_AUTH_TOKEN',
        message: 'required for WhatsApp through Twilio because TWILIO_ACCOUNT_SID is set',
      },
      {
        variable: 'TWILIO_WHATSAPP_FROM',
        message: 'required for WhatsApp through Twilio because TWILIO_ACCOUNT_SID is set',
      },
    ]);
    const on = loadConfig({
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'secret',
      TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
    });
    expect(on.integrations.twilio.enabled).toBe(true);
  });

  it('knows the two Slack modes', () => {
    expect(loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' }).integrations.slack).toMatchObject({
      enabled: true,
      mode: 'single-workspace',
    });
    expect(
      loadConfig({
        SLACK_SIGNING_SECRET: 's',
        SLACK_CLIENT_ID: 'c',
        SLACK_CLIENT_SECRET: 'cs',
        SLACK_STATE_SECRET: 'st',
      }).integrations.slack,
    ).toMatchObject({ mode: 'oauth' });
    expect(
      problemsOf({ SLACK_BOT_TOKEN: 'xoxp-user-token' })
        .map((p) => p.variable)
        .sort(),
    ).toEqual(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
  });

  it('enables a marketplace app with its credentials and reads base-URL overrides', () => {
    const config = loadConfig({
      SHOPIFY_API_KEY: 'k',
      SHOPIFY_API_SECRET: 's',
      SHOPIFY_API_BASE_URL: 'http://127.0.0.1:4001/',
    });
    expect(config.marketplaces.SHOPIFY).toMatchObject({
      enabled: true,
      baseUrls: { SHOPIFY_API_BASE_URL: 'http://127.0.0.1:4001' },
    });
    expect(problemsOf({ EBAY_CLIENT_ID: 'id' }).map((p) => p.variable)).toEqual(['EBAY_CLIENT_SECRET', 'EBAY_RU_NAME']);
    expect(problemsOf({ ETSY_API_BASE_URL: 'not a url' })).toEqual([
      { variable: 'ETSY_API_BASE_URL', message: 'expected an absolute URL' },
    ]);
  });

  it('requires the secrets production needs', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).map((p) => p.variable)).toEqual([
      'TOKEN_ENCRYPTION_KEY',
      'DATABASE_URL',
      'PUBLIC_BASE_URL',
    ]);
    expect(problemsOf({ TOKEN_ENCRYPTION_KEY: 'short' })[0]).toMatchObject({
      variable: 'TOKEN_ENCRYPTION_KEY',
      message: expect.stringContaining('keyId:base64key'),
    });
  });
});
