/**
 * Access tokens: JWTs signed by the gateway with EdDSA (Ed25519) through jose, short-lived, carrying
 * `sub`, `role`, `scope`, `iss`, `aud`, `iat`, `exp` and `jti`. Verification pins the algorithm, the
 * issuer and the audience, and reads the time from the injected clock. Any failure is one answer, 401
 * UNAUTHENTICATED: the caller learns nothing about why a token was refused; the log does.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
} from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { ApiError } from '../http-errors.ts';
import { isRole, type Principal, ROLE_SCOPES, SCOPE_COLUMNS, type Scope } from './principal.ts';

export const ALGORITHM = 'EdDSA';

export interface TokenOptions {
  /** PKCS#8 PEM of an Ed25519 key; none: a key is generated (development only, tokens die with it). */
  privateKeyPem?: string | undefined;
  issuer: string;
  audience: string;
  /** Lifetime of an access token in seconds. */
  ttlSeconds: number;
  clock: () => Date;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

export interface TokenService {
  /** True when the key was generated at start (no JWT_PRIVATE_KEY). */
  readonly ephemeral: boolean;
  issue(p: Omit<Principal, 'jti'>): Promise<IssuedToken>;
  /** The caller behind a bearer token, or 401 UNAUTHENTICATED. */
  verify(token: string): Promise<Principal>;
}

function loadKey(pem: string): KeyObject {
  const key = createPrivateKey({ key: pem, format: 'pem' });
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error('JWT_PRIVATE_KEY must be an Ed25519 key (PKCS#8 PEM)');
  return key;
}

/** The reason a token was refused, for the log only. */
export class TokenRefused extends ApiError {
  constructor(
    readonly reason: string,
    cause?: unknown,
  ) {
    super('UNAUTHENTICATED', { cause });
  }
}

function parseScope(v: unknown): Scope[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: Scope[] = [];
  for (const g of v) {
    if (typeof g !== 'object' || g === null || Array.isArray(g)) return undefined;
    const grant: Scope = {};
    for (const [k, val] of Object.entries(g)) {
      if (!(SCOPE_COLUMNS as readonly string[]).includes(k) || typeof val !== 'string') return undefined;
      grant[k as keyof Scope] = val;
    }
    out.push(grant);
  }
  return out;
}

export function createTokenService(o: TokenOptions): TokenService {
  const privateKey = o.privateKeyPem ? loadKey(o.privateKeyPem) : generateKeyPairSync('ed25519').privateKey;
  const publicKey = createPublicKey(privateKey);
  const nowSeconds = () => Math.floor(o.clock().getTime() / 1000);

  return {
    ephemeral: !o.privateKeyPem,
    async issue(p) {
      const iat = nowSeconds();
      const accessToken = await new SignJWT({ role: p.role, scope: p.scope })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(p.sub)
        .setIssuer(o.issuer)
        .setAudience(o.audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + o.ttlSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
      return { accessToken, expiresIn: o.ttlSeconds };
    },
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, publicKey, {
          algorithms: [ALGORITHM],
          issuer: o.issuer,
          audience: o.audience,
          currentDate: o.clock(),
          requiredClaims: ['sub', 'iat', 'exp', 'jti'],
          // No leeway beyond a few seconds of clock skew between gateway instances.
          clockTolerance: 5,
          maxTokenAge: o.ttlSeconds + 5,
        }));
      } catch (e) {
        throw new TokenRefused(e instanceof joseErrors.JOSEError ? e.code : 'ERR_INVALID', e);
      }
      const { sub, role, jti, iat } = payload;
      const scope = parseScope(payload.scope);
      if (
        typeof sub !== 'string' ||
        typeof jti !== 'string' ||
        typeof iat !== 'number' ||
        !isRole(role) ||
        !scope
      )
        throw new TokenRefused('ERR_CLAIMS');
      // A grant must have the role's shape: a forged-by-mistake token without a school grants nothing.
      const shape = ROLE_SCOPES[role];
      if (scope.some((g) => Object.keys(g).length !== shape.length || shape.some((c) => !g[c])))
        throw new TokenRefused('ERR_SCOPE_SHAPE');
      return { sub, role, scope, jti, iat };
    },
  };
}
