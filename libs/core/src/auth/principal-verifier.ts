import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Principal } from './role';
import { TokenService } from './token.service';

/**
 * The accounts as they are now: the identity context provides it (`{ provide:
 * AccountLookup, useExisting: IdentityService }`), so core reads no table of its own.
 */
export abstract class AccountLookup {
  /** The principal the user has today, or null when there is no such user. */
  abstract currentPrincipal(userId: string): Promise<Principal | null>;
}

export interface VerifiedToken {
  principal: Principal;
  /** When the token stops being valid (ms since the epoch). */
  expiresAt: number;
}

const samePrincipal = (a: Principal, b: Principal) =>
  a.userId === b.userId &&
  a.role === b.role &&
  (a.communityId ?? null) === (b.communityId ?? null) &&
  (a.organizationId ?? null) === (b.organizationId ?? null);

/**
 * A token counts only while it is validly signed, unexpired, and its claims are what
 * the account is now: the user still exists with that role and those community and
 * organization ids. A forged, expired or stale token gets nothing (as no token).
 * Checked once per HTTP request (when its context is built) and, on a socket, when it
 * opens and again for every operation it sends.
 */
@Injectable()
export class PrincipalVerifier {
  private readonly logger = new Logger(PrincipalVerifier.name);
  private lookup?: AccountLookup;

  constructor(
    private readonly tokens: TokenService,
    private readonly moduleRef: ModuleRef,
  ) {}

  async verify(authorization: string | undefined | null): Promise<VerifiedToken | null> {
    const token = this.tokens.readToken(authorization);
    if (!token) return null;
    const current = await this.accounts().currentPrincipal(token.principal.userId);
    if (!current || !samePrincipal(current, token.principal)) {
      this.logger.warn(`refused a token whose claims are not the account's (user ${token.principal.userId}, role ${token.principal.role})`);
      return null;
    }
    return { principal: current, expiresAt: token.expiresAt };
  }

  private accounts(): AccountLookup {
    // Looked up on first use: the identity context registers it, and core imports no context.
    this.lookup ??= this.moduleRef.get(AccountLookup, { strict: false });
    return this.lookup;
  }
}
