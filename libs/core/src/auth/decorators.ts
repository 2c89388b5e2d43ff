import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Principal, Role } from './role';

export const IS_PUBLIC = 'auth:isPublic';
export const ROLES = 'auth:roles';

/** Open to anyone, signed in or not (registration, login, public directory reads). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only these roles; everything else answers FORBIDDEN. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export function principalFrom(context: ExecutionContext): Principal | null {
  // Plain HTTP routes: HttpPrincipalMiddleware put it on the request.
  if (context.getType() === 'http') return context.switchToHttp().getRequest<{ principal?: Principal | null }>().principal ?? null;
  const gql = GqlExecutionContext.create(context).getContext<{ principal?: Principal | null }>();
  return gql.principal ?? null;
}

/** The signed-in caller (null on a @Public() operation called anonymously). */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext) => principalFrom(context));
