const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every record id is a UUID. A value that is not one cannot name a record, so it is
 * answered exactly like an unknown id (null from a read, NOT_FOUND from a change),
 * and it never reaches PostgreSQL, which would reject the whole statement. (An id
 * inside an input class is checked with the other fields by class-validator's
 * @IsUUID instead: BAD_USER_INPUT naming the field.)
 */
export const isUuid = (id: string): boolean => typeof id === 'string' && UUID.test(id);

/** The ids that can name a record, for batch reads (loaders, `In(...)` filters). */
export const uuidsOnly = (ids: readonly string[]): string[] => ids.filter(isUuid);
