import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../auth/role';
import { AuditEntryEntity } from '../entities/audit-entry.entity';

export interface StatusChange {
  entityType: 'BID' | 'PROPOSAL' | 'CONTRACT' | 'NEED' | 'SESSION' | 'RUN' | 'MILESTONE';
  entityId: string;
  from: string | null;
  to: string;
  detail?: Record<string, unknown>;
}

/** Writes audit entries inside the caller's transaction, so a change and its record commit together. */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, actor: Principal | null, ...changes: StatusChange[]): Promise<void> {
    if (changes.length === 0) return;
    await manager.insert(AuditEntryEntity, changes.map((c) => ({
      entityType: c.entityType, entityId: c.entityId, fromStatus: c.from, toStatus: c.to, detail: (c.detail ?? null) as never,
      actorUserId: actor?.userId ?? null, actorRole: actor?.role ?? 'SYSTEM',
    })));
  }
}
