import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Principal, Role } from './role';

interface TokenClaims {
  sub: string;
  role: Role;
  cid: string | null;
  oid: string | null;
}

/** Issues and reads the bearer tokens (HS256, 12 hours). */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  issue(principal: Principal): string {
    const claims: TokenClaims = { sub: principal.userId, role: principal.role, cid: principal.communityId, oid: principal.organizationId };
    return this.jwt.sign(claims);
  }

  /**
   * The principal of a validly signed, unexpired token, or null for a missing, expired
   * or forged one. Its claims may still be stale (the user gone, its role changed):
   * PrincipalVerifier checks them against the accounts.
   */
  read(authorization: string | undefined | null): Principal | null {
    return this.readToken(authorization)?.principal ?? null;
  }

  /** As read(), with the moment the token expires (ms since the epoch). */
  readToken(authorization: string | undefined | null): { principal: Principal; expiresAt: number } | null {
    if (!authorization) return null;
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) return null;
    try {
      const claims = this.jwt.verify<TokenClaims & { exp?: number }>(token);
      if (!Object.values(Role).includes(claims.role) || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return null;
      return {
        principal: { userId: claims.sub, role: claims.role, communityId: claims.cid ?? null, organizationId: claims.oid ?? null },
        expiresAt: claims.exp * 1000,
      };
    } catch {
      return null;
    }
  }
}
