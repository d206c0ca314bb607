import { createHash, randomBytes } from 'node:crypto';
import type { SandboxMarketplace } from './types.ts';

/**
 * Authorization codes of the sandboxes' OAuth flows, shared by the seven imitations. The
 * consent screen is not imitated: the authorize endpoint answers at once with the decision set
 * through `/_sandbox/oauth/consent` (default: approve, for the marketplace's first store).
 * Codes are single use and live 5 minutes by the sandbox clock; PKCE S256 is checked when the
 * authorize request carried a challenge.
 */

export interface ConsentDecision {
  decision: 'approve' | 'deny';
  /** the store the seller "logs in" as; default: the marketplace's first store */
  storeKey?: string;
}

export interface CodeGrant {
  m: SandboxMarketplace;
  storeKey: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

export type RedeemResult =
  | { ok: true; grant: CodeGrant }
  | { ok: false; error: 'invalid_grant' | 'invalid_request'; description: string };

const CODE_TTL_MS = 5 * 60_000;

export const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export class SandboxOAuth {
  private readonly codes = new Map<string, CodeGrant & { expiresAt: number }>();
  private readonly consent = new Map<SandboxMarketplace, ConsentDecision>();

  constructor(private readonly now: () => Date) {}

  setConsent(m: SandboxMarketplace, decision: ConsentDecision): void {
    this.consent.set(m, decision);
  }

  consentOf(m: SandboxMarketplace): ConsentDecision {
    return this.consent.get(m) ?? { decision: 'approve' };
  }

  issueCode(grant: CodeGrant): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { ...grant, expiresAt: this.now().getTime() + CODE_TTL_MS });
    return code;
  }

  /** Redeems a code once: the client, the redirect URI and (with PKCE) the verifier must match what was authorized. */
  redeemCode(
    m: SandboxMarketplace,
    code: string,
    check: { clientId: string; redirectUri?: string; codeVerifier?: string },
  ): RedeemResult {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    if (!grant || grant.m !== m || grant.expiresAt <= this.now().getTime())
      return {
        ok: false,
        error: 'invalid_grant',
        description: 'the authorization code is invalid, expired or already used',
      };
    if (grant.clientId !== check.clientId)
      return { ok: false, error: 'invalid_grant', description: 'the authorization code was issued to another client' };
    if (check.redirectUri !== undefined && check.redirectUri !== grant.redirectUri)
      return {
        ok: false,
        error: 'invalid_grant',
        description: 'redirect_uri does not match the authorization request',
      };
    if (grant.codeChallenge !== undefined) {
      if (!check.codeVerifier) return { ok: false, error: 'invalid_request', description: 'code_verifier is required' };
      if (s256(check.codeVerifier) !== grant.codeChallenge)
        return { ok: false, error: 'invalid_grant', description: 'code_verifier does not match the code_challenge' };
    }
    return { ok: true, grant };
  }
}
