import { Injectable, NestMiddleware } from '@nestjs/common';
import { Principal } from './role';
import { PrincipalVerifier } from './principal-verifier';

/** An HTTP request outside GraphQL, with the principal its bearer token names (null: none, or not valid now). */
export interface HttpRequestWithPrincipal {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal | null;
}

/**
 * For the plain HTTP routes (the bulk imports): the same bearer token as GraphQL, checked
 * by the same PrincipalVerifier, so AuthGuard, @Roles() and @CurrentUser() work on them
 * as on resolvers.
 */
@Injectable()
export class HttpPrincipalMiddleware implements NestMiddleware {
  constructor(private readonly verifier: PrincipalVerifier) {}

  async use(req: HttpRequestWithPrincipal, _res: unknown, next: (error?: unknown) => void): Promise<void> {
    try {
      const header = req.headers.authorization;
      req.principal = (await this.verifier.verify(Array.isArray(header) ? header[0] : header))?.principal ?? null;
      next();
    } catch (error) {
      next(error);
    }
  }
}
