import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { badInput, CoreErrorReason } from '../errors/domain-error';

export const MAX_PAGE_SIZE = 100;

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true }) endCursor: string | null;
  @Field() hasNextPage: boolean;
}

/** `first` (capped at 100) and an opaque `after` cursor. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20 })
  @IsInt()
  @Min(0, { message: 'first must be between 0 and 100' })
  @Max(MAX_PAGE_SIZE, { message: 'first must be between 0 and 100' })
  first = 20;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  after?: string;
}

/** Keyset cursor: the sort key of the last row and its id (stable under inserts). */
export interface Cursor {
  key: string | number;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const [key, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if ((typeof key !== 'string' && typeof key !== 'number') || typeof id !== 'string') throw new Error();
    return { key, id };
  } catch {
    throw badInput('after', 'is not a cursor returned by this API', CoreErrorReason.INVALID_CURSOR);
  }
}

export interface Connection<T> {
  nodes: T[];
  totalCount: number;
  pageInfo: PageInfo;
}

/** Builds a connection from `first + 1` fetched rows (the extra one says there is a next page). */
export function toConnection<T>(rows: T[], first: number, totalCount: number, cursorOf: (row: T) => Cursor): Connection<T> {
  const nodes = rows.slice(0, first);
  const last = nodes[nodes.length - 1];
  return { nodes, totalCount, pageInfo: { endCursor: last ? encodeCursor(cursorOf(last)) : null, hasNextPage: rows.length > first } };
}

/** `@ObjectType() class NeedConnection extends ConnectionType(ServiceNeed) {}` */
export function ConnectionType<T>(node: Type<T>) {
  @ObjectType({ isAbstract: true })
  abstract class ConnectionClass implements Connection<T> {
    @Field(() => [node]) nodes: T[];
    @Field(() => Int) totalCount: number;
    @Field(() => PageInfo) pageInfo: PageInfo;
  }
  return ConnectionClass;
}
