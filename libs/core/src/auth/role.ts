export enum Role {
  COMMUNITY = 'COMMUNITY',
  ORGANIZATION = 'ORGANIZATION',
  ORGANIZER = 'ORGANIZER',
  ADMIN = 'ADMIN',
}

/** Who is calling: carried in the JWT, so ownership checks need no extra query. */
export interface Principal {
  userId: string;
  role: Role;
  communityId: string | null;
  organizationId: string | null;
}

export const isOrganizerOrAdmin = (p: Principal) => p.role === Role.ORGANIZER || p.role === Role.ADMIN;
