import { DomainError, ErrorCode, isPgError, PG_UNIQUE_VIOLATION, preparedRows, Principal, Role, ThrottleService, TokenService } from '@app/core';
import { DirectoryService, RegisterOrganizationInput } from '@app/directory';
import { Injectable, Logger } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RegisterCommunityInput } from './dto/identity.inputs';
import { IdentityErrors } from './identity.errors';
import { UserEntity } from './entities/user.entity';
import { AuthPayload, User } from './models/user.model';
import { hashPassword, verifyPassword } from './password';

// Compared against when the email is unknown, so a miss costs as long as a hit.
const DUMMY_HASH = '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$V4kQ7C0e3h4t7b2S5Y8mVq0W2aE2e3jB6o9o4o8qO2k';

@Injectable()
export class IdentityService {
  private readonly logger = new Logger(IdentityService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly directory: DirectoryService,
    private readonly tokens: TokenService,
    private readonly throttle: ThrottleService,
  ) {}

  /** The community and its account are created in one transaction: both or neither. */
  async registerCommunity(input: RegisterCommunityInput, clientAddress?: string | null): Promise<AuthPayload> {
    await this.throttle.registration(clientAddress);
    const email = normalizeEmail(input.email);
    const passwordHash = await hashPassword(input.password);
    const user = await this.db.transaction(async (manager) => {
      await this.assertEmailFree(manager, email);
      const community = await this.directory.createCommunity(manager, input);
      return this.insertUser(manager, { email, passwordHash, role: Role.COMMUNITY, communityId: community.id, organizationId: null });
    });
    return this.authPayload(user);
  }

  async registerOrganization(input: RegisterOrganizationInput, clientAddress?: string | null): Promise<AuthPayload> {
    await this.throttle.registration(clientAddress);
    const email = normalizeEmail(input.email);
    const passwordHash = await hashPassword(input.password);
    const user = await this.db.transaction(async (manager) => {
      await this.assertEmailFree(manager, email);
      const organization = await this.directory.createOrganization(manager, input);
      return this.insertUser(manager, { email, passwordHash, role: Role.ORGANIZATION, communityId: null, organizationId: organization.id });
    });
    return this.authPayload(user);
  }

  /** Throttled (see ThrottleService): failures are counted per account and per address, a success clears its account's. */
  async login(emailRaw: string, password: string, clientAddress?: string | null): Promise<AuthPayload> {
    const email = normalizeEmail(emailRaw);
    await this.throttle.assertLoginAllowed(email, clientAddress);
    const user = await this.db.getRepository(UserEntity).findOneBy({ email });
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
    if (!user || !ok) {
      await this.throttle.loginFailed(email, clientAddress);
      throw IdentityErrors.wrongCredentials();
    }
    await this.throttle.loginSucceeded(email);
    return this.authPayload(user);
  }

  /** The organizer accounts, oldest first (the admin's list). */
  async organizers(): Promise<User[]> {
    const rows = await this.db.getRepository(UserEntity).find({ where: { role: Role.ORGANIZER }, order: { createdAt: 'ASC', id: 'ASC' }, take: 500 });
    return rows.map(User.from);
  }

  async createOrganizer(emailRaw: string, password: string): Promise<User> {
    return User.from(await this.createStaff(emailRaw, password, Role.ORGANIZER));
  }

  /**
   * Start-up: the configured ADMIN exists, with the configured password. Created the
   * first time; when ADMIN_PASSWORD has changed since, the ADMIN's password is
   * replaced, so rotating the variable and restarting takes effect.
   */
  async ensureAdmin(emailRaw: string, password: string): Promise<void> {
    const email = normalizeEmail(emailRaw);
    const repo = this.db.getRepository(UserEntity);
    const existing = await repo.findOneBy({ email });
    if (existing) {
      if (existing.role !== Role.ADMIN) {
        this.logger.warn(`ADMIN_EMAIL ${email} belongs to a ${existing.role} account: left as it is`);
        return;
      }
      if (await verifyPassword(existing.passwordHash, password)) return;
      await repo.update({ id: existing.id }, { passwordHash: await hashPassword(password) });
      this.logger.log(`ADMIN ${email}: password replaced by ADMIN_PASSWORD`);
      return;
    }
    try {
      await this.createStaff(email, password, Role.ADMIN);
      this.logger.log(`Created ADMIN ${email}`);
    } catch (error) {
      // Another process created it between our check and insert: fine.
      if (!(error instanceof DomainError && error.code === ErrorCode.CONFLICT)) throw error;
    }
  }

  /** The account's principal as it is now (for PrincipalVerifier), or null when there is no such user. */
  async currentPrincipal(userId: string): Promise<Principal | null> {
    if (!isUUID(userId)) return null;
    // Every signed-in request asks this (PrincipalVerifier): a prepared statement, the three columns only.
    const [user] = await preparedRows<{ role: Role; community_id: string | null; organization_id: string | null }>(
      this.db,
      'SELECT role, community_id, organization_id FROM users WHERE id = $1',
      [userId],
    );
    return user ? { userId, role: user.role, communityId: user.community_id, organizationId: user.organization_id } : null;
  }

  async getUser(id: string): Promise<User | null> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ id });
    return user ? User.from(user) : null;
  }

  private async createStaff(emailRaw: string, password: string, role: Role.ORGANIZER | Role.ADMIN): Promise<UserEntity> {
    const email = normalizeEmail(emailRaw);
    const passwordHash = await hashPassword(password);
    return this.db.transaction((manager) => this.insertUser(manager, { email, passwordHash, role, communityId: null, organizationId: null }));
  }

  private async assertEmailFree(manager: EntityManager, email: string): Promise<void> {
    if (await manager.existsBy(UserEntity, { email })) throw emailTaken(email);
  }

  private async insertUser(manager: EntityManager, fields: Omit<UserEntity, 'id' | 'createdAt'>): Promise<UserEntity> {
    try {
      return await manager.save(UserEntity, manager.create(UserEntity, fields));
    } catch (error) {
      // The unique constraint settles two registrations racing for one email.
      if (isPgError(error, PG_UNIQUE_VIOLATION, 'users_email_key')) throw emailTaken(fields.email);
      throw error;
    }
  }

  private authPayload(user: UserEntity): AuthPayload {
    const principal: Principal = { userId: user.id, role: user.role, communityId: user.communityId, organizationId: user.organizationId };
    return { token: this.tokens.issue(principal), user: User.from(user) };
  }
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();
const emailTaken = IdentityErrors.emailTaken;
