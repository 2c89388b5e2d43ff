import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../auth/role';
import { runSql } from '../database/sql';
import { AuditEntryEntity } from '../entities/audit-entry.entity';

export interface StatusChange {
  entityType: 'BID' | 'PROPOSAL' | 'CONTRACT' | 'NEED' | 'SESSION' | 'RUN' | 'MILESTONE' | 'COMPLAINT' | 'RESIDENT_REVIEW' | 'OFFERING';
  entityId: string;
  from: string | null;
  to: string;
  detail?: Record<string, unknown>;
}

/** The audit log (core's table): written inside the caller's transaction, so a change and its record commit together. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One INSERT whatever the number of changes (a run moves thousands of needs): each
   * column travels as one array parameter and unnest() turns the arrays into rows.
   */
  async record(manager: EntityManager, actor: Principal | null, ...changes: StatusChange[]): Promise<void> {
    if (changes.length === 0) return;
    await runSql(
      manager,
      `INSERT INTO audit_log (entity_type, entity_id, from_status, to_status, detail, actor_user_id, actor_role)
       SELECT u.entity_type, u.entity_id, u.from_status, u.to_status, u.detail, $6::uuid, $7::varchar
         FROM unnest($1::varchar[], $2::uuid[], $3::varchar[], $4::varchar[], $5::jsonb[]) AS u(entity_type, entity_id, from_status, to_status, detail)`,
      [
        changes.map((c) => c.entityType),
        changes.map((c) => c.entityId),
        changes.map((c) => c.from),
        changes.map((c) => c.to),
        changes.map((c) => (c.detail === undefined ? null : JSON.stringify(c.detail))),
        actor?.userId ?? null,
        actor?.role ?? 'SYSTEM',
      ],
    );
  }

  /** The log of one record, oldest first: who, when, from, to. */
  trail(entityType: string, entityId: string): Promise<AuditEntryEntity[]> {
    return this.db.getRepository(AuditEntryEntity).find({ where: { entityType, entityId }, order: { at: 'ASC', id: 'ASC' } });
  }
}
