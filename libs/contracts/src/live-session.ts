import { EntityManager } from 'typeorm';

export interface LiveSession {
  sessionId: string;
  fairId: string;
}

/**
 * The live session a proposal (through its run) belongs to, for publishing events;
 * null for a run outside any session, which has no live channel.
 */
export async function liveSessionOfProposal(manager: EntityManager, proposalId: string): Promise<LiveSession | null> {
  const rows: Array<{ session_id: string | null; fair_id: string | null }> = await manager.query(
    `SELECT r.session_id, s.fair_id
       FROM match_proposals p
       JOIN match_runs r ON r.id = p.run_id
       LEFT JOIN match_sessions s ON s.id = r.session_id
      WHERE p.id = $1`,
    [proposalId],
  );
  const row = rows[0];
  return row?.session_id && row.fair_id ? { sessionId: row.session_id, fairId: row.fair_id } : null;
}

/** pg returns `[rows, rowCount]` for UPDATE ... RETURNING through EntityManager.query. */
export async function updateReturning<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result = await manager.query(sql, params);
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}
