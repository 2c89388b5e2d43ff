import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, unauthenticated } from '../errors/domain-error';
import { IS_PUBLIC, principalFrom, ROLES } from './decorators';
import { Role } from './role';

/**
 * Deny by default: every operation needs a signed-in caller unless marked
 * @Public(), and a caller of the listed @Roles() when roles are given.
 * The principal itself is read from the token when the GraphQL context is built.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const principal = principalFrom(context);
    if (!principal) throw unauthenticated();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw forbidden(`Only ${roles.join(' or ')} may do this`);
    }
    return true;
  }
}
