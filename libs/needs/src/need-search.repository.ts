import {
  Connection,
  containsPattern,
  decodeCursor,
  entitiesOf,
  entityColumns,
  isUuid,
  nearSql,
  preparedRows,
  Principal,
  SqlValues,
  toConnection,
} from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NeedsArgs } from './dto/need.inputs';
import { ServiceNeedEntity } from './entities/service-need.entity';
import { NeedPolicy } from './need.policy';
import { NeedsErrors } from './needs.errors';

// created_at as PostgreSQL prints it ('2026-11-22 03:58:25.123456+00'): microseconds
// survive the round trip through the cursor, which a JS Date (milliseconds) would lose.
const CURSOR_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/** A statement and its values, as preparedRows runs it. */
export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * The needs browse query (service_needs, the needs context's own): filters, visibility, keyset
 * pagination newest first, exact totals. Every list of needs in the web app runs it, so it runs
 * as two prepared statements (preparedRows), the page and the total side by side, their text fixed
 * per combination of filters.
 */
@Injectable()
export class NeedSearchRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(args: NeedsArgs, viewer: Principal | null): Promise<Connection<ServiceNeedEntity>> {
    const { page, count } = this.statements(args, viewer);
    const [rows, totals] = await Promise.all([
      preparedRows<Record<string, unknown> & { id: string; cursor_at: string }>(this.db, page.text, page.values),
      preparedRows<{ total: number }>(this.db, count.text, count.values),
    ]);
    const cursorAt = new Map(rows.map((r) => [r.id, r.cursor_at]));
    return toConnection(entitiesOf(this.db, ServiceNeedEntity, rows), args.first, totals[0]?.total ?? 0, (n) => ({ key: cursorAt.get(n.id)!, id: n.id }));
  }

  /**
   * What `search` runs, and what EXPLAIN checks. The page (first + 1 rows, the extra one says there
   * is a next page) in two steps: the page's ids first, from the filters' columns alone (with a
   * district, service_needs_browse_idx answers that index-only, however many needs match), then
   * those rows. In one step PostgreSQL read every matching row to sort them when the page spans two
   * domains: 7.5 ms for 715 matches in 江宁区, against 1.1 ms. The total counts every match,
   * whatever the page.
   */
  statements(args: NeedsArgs, viewer: Principal | null): { page: Statement; count: Statement } {
    const after = decodeCursor(args.after);
    if (after && (typeof after.key !== 'string' || !CURSOR_TIMESTAMP.test(after.key) || !isUuid(after.id))) throw NeedsErrors.invalidCursor();

    const counted = new SqlValues();
    const count = { text: `SELECT count(*)::int AS total FROM service_needs n WHERE ${this.where(args, viewer, counted)}`, values: counted.values };

    const paged = new SqlValues();
    let where = this.where(args, viewer, paged);
    if (after) where += ` AND (n.created_at, n.id) < (${paged.value(after.key)}::timestamptz, ${paged.value(after.id)}::uuid)`;
    // first is a validated Int (0-100): in the text, so each page size keeps its own plan.
    const limit = Math.trunc(args.first) + 1;
    const text =
      // created_at also as PostgreSQL prints it, for the cursor.
      `SELECT ${entityColumns(this.db, ServiceNeedEntity, 'n')}, n.created_at::text AS cursor_at FROM service_needs n ` +
      `JOIN (SELECT n.id FROM service_needs n WHERE ${where} ORDER BY n.created_at DESC, n.id DESC LIMIT ${limit}) page ON page.id = n.id ` +
      'ORDER BY n.created_at DESC, n.id DESC';
    return { page: { text, values: paged.values }, count };
  }

  /** Every filter and the visibility rule (NeedPolicy), as one condition on `n`, its values placed in `sql`. */
  private where(args: NeedsArgs, viewer: Principal | null, sql: SqlValues): string {
    const f = args.filter ?? {};
    const conditions = [NeedPolicy.condition(NeedPolicy.scope(viewer), 'n', (v) => sql.value(v))];
    if (f.statuses?.length) conditions.push(`n.status = ANY(${sql.value(f.statuses)}::need_status[])`);
    if (f.domains?.length) conditions.push(`n.domain = ANY(${sql.value(f.domains)}::service_domain[])`);
    const district = f.district?.trim();
    if (district) conditions.push(`n.district = ${sql.value(district)}`);
    if (f.fairId) conditions.push(`n.fair_id = ${sql.value(f.fairId)}`);
    if (f.communityId) conditions.push(`n.community_id = ${sql.value(f.communityId)}`);
    if (f.budgetMin !== undefined && f.budgetMin !== null) conditions.push(`n.budget_fen >= ${sql.value(f.budgetMin)}`);
    if (f.budgetMax !== undefined && f.budgetMax !== null) conditions.push(`n.budget_fen <= ${sql.value(f.budgetMax)}`);
    if (f.near) {
      // With a district, service_needs_browse_idx (district, domain, created_at, id) serves the query and
      // carries lat/lng: the box is tested on its columns (a GiST box of a few km in central Nanjing holds
      // tens of thousands of needs). Otherwise a box on point(lng, lat) served by service_needs_geo_idx.
      // Then the exact great-circle distance.
      conditions.push(nearSql('n', f.near, district ? 'columns' : 'gist', (_name, v) => sql.value(v)));
    }
    const text = f.text?.trim();
    if (text) {
      const like = sql.value(containsPattern(text));
      conditions.push(`(n.title ILIKE ${like} OR n.description ILIKE ${like})`);
    }
    return conditions.join(' AND ');
  }
}
