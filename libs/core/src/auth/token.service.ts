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

  /** The principal of a valid token, or null for a missing, expired or forged one. */
  read(authorization: string | undefined | null): Principal | null {
    if (!authorization) return null;
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) return null;
    try {
      const claims = this.jwt.verify<TokenClaims>(token);
      if (!Object.values(Role).includes(claims.role)) return null;
      return { userId: claims.sub, role: claims.role, communityId: claims.cid ?? null, organizationId: claims.oid ?? null };
    } catch {
      return null;
    }
  }
}
