/**
 * `npm run seed`: fills the database at DATABASE_URL (the embedded PostgreSQL when
 * unset) with a deterministic Nanjing-like data set: the 11 districts' communities,
 * needs across the 16 domains, organizations with offerings, grades and capacities,
 * the 4th fair with one open session per zone, and demo sign-in accounts.
 *
 *   npm run seed                                   # 2,100 needs, 1,000 organizations
 *   npm run seed -- --needs 100000 --organizations 10000 --seed 42 --reset
 *
 * Same flags, same data (ids included). Rows go in as multi-row INSERT ... SELECT
 * FROM json_to_recordset(...) in chunks, inside one transaction: all or nothing.
 */
import 'reflect-metadata';
import { dataSourceOptions, isProductionDatabase, Role, runMigrationsLocked } from '@app/core';
import { CommunityEntity, OrganizationEntity, ServiceOfferingEntity } from '@app/directory';
import { FairEntity, MatchSessionEntity, SessionNeedEntity } from '@app/fairs';
import { UserEntity } from '@app/identity';
import { ServiceNeedEntity } from '@app/needs';
import * as argon2 from 'argon2';
import { DataSource, EntityManager, EntityTarget } from 'typeorm';
import { generate, Row, SeedData } from './seed/generate';
import { Random } from './seed/random';

const DEMO_PASSWORD = 'nanjing-demo-2026';
const CHUNK = 10_000;

interface Flags {
  needs: number;
  organizations: number;
  seed: number;
  reset: boolean;
  force: boolean;
  /** A database that already holds data is left as it is, without an error (npm start's first run). */
  ifEmpty: boolean;
}

function parseFlags(argv: string[]): Flags {
  const flags: Flags = { needs: 2100, organizations: 1000, seed: 2026, reset: false, force: false, ifEmpty: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.split('=', 2);
    const value = () => {
      const raw = inline ?? argv[++i];
      const n = Number(raw);
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} needs a whole number, got "${raw}"`);
      return n;
    };
    switch (name) {
      case '--needs':
        flags.needs = value();
        break;
      case '--organizations':
        flags.organizations = value();
        break;
      case '--seed':
        flags.seed = value();
        break;
      case '--reset':
        flags.reset = true;
        break;
      case '--force':
        flags.force = true;
        break;
      case '--if-empty':
        flags.ifEmpty = true;
        break;
      case '--help':
      case '-h':
        console.log(
          'usage: npm run seed -- [--needs 2100] [--organizations 1000] [--seed 2026] [--reset | --if-empty] [--force]\n  --reset  delete every row of the product first (otherwise the database must hold no communities, organizations or needs)\n  --if-empty  write the demo data only into a database that holds none of those, and leave any other as it is\n  --force  seed even a production database (NODE_ENV=production, or a database an api served in production)',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown flag ${arg} (try --help)`);
    }
  }
  if (flags.organizations < 3) throw new Error('--organizations must be at least 3');
  if (flags.reset && flags.ifEmpty) throw new Error('--reset and --if-empty contradict each other');
  return flags;
}

/** The PostgreSQL type of a column as json_to_recordset() needs it: enums by their type name. */
function columnType(ds: DataSource, entity: EntityTarget<unknown>, property: string): { column: string; type: string } {
  const column = ds.getMetadata(entity).findColumnWithPropertyName(property);
  if (!column) throw new Error(`${ds.getMetadata(entity).name} has no column ${property}`);
  if (column.type === 'enum') return { column: column.databaseName, type: `"${column.enumName}"` };
  const type = ds.driver.normalizeType(column);
  return { column: column.databaseName, type: type === 'character varying' ? 'text' : type };
}

/**
 * INSERT INTO t (...) SELECT ... FROM json_to_recordset($1): one round trip and one
 * parameter per chunk. JSON is serialized natively on both sides, which makes it
 * several times faster than binding thousands of parameters or text arrays.
 */
async function bulkInsert(manager: EntityManager, entity: EntityTarget<unknown>, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const ds = manager.connection;
  const properties = Object.keys(rows[0]);
  const columns = properties.map((p) => columnType(ds, entity, p));
  const table = ds.getMetadata(entity).tableName;
  const names = columns.map((c) => `"${c.column}"`).join(', ');
  const sql = `INSERT INTO "${table}" (${names}) SELECT ${names} FROM json_to_recordset($1::json) AS x(${columns.map((c) => `"${c.column}" ${c.type}`).join(', ')})`;
  const started = Date.now();
  // A large load builds the secondary indexes once at the end instead of row by row
  // (about twice as fast at 100,000 needs). Same transaction: nobody sees the table without them.
  const rebuild: Array<{ indexname: string; indexdef: string }> =
    rows.length >= 20_000
      ? await manager.query(
          `SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename = $1
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
          [table],
        )
      : [];
  for (const index of rebuild) await manager.query(`DROP INDEX "${index.indexname}"`);
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK).map((row) => {
      const out: Row = {};
      for (let i = 0; i < properties.length; i++) out[columns[i].column] = row[properties[i]] ?? null;
      return out;
    });
    await manager.query(sql, [JSON.stringify(chunk)]);
  }
  for (const index of rebuild) await manager.query(index.indexdef);
  console.log(`  ${String(rows.length).padStart(7)} rows into ${table} in ${((Date.now() - started) / 1000).toFixed(2)} s`);
}

interface Account {
  email: string;
  role: Role;
  communityId: string | null;
  organizationId: string | null;
  note: string;
}

/** Accounts for the demo: an admin, an organizer, communities and organizations that take part in the fair's sessions. */
function demoAccounts(data: SeedData): Account[] {
  const accounts: Account[] = [
    { email: 'admin@demo.nj', role: Role.ADMIN, communityId: null, organizationId: null, note: 'creates organizer accounts' },
    { email: 'organizer@demo.nj', role: Role.ORGANIZER, communityId: null, organizationId: null, note: '南京市民政局: runs the fair and its sessions' },
  ];
  const communityById = new Map(data.communities.map((c) => [c.id, c]));
  const needById = new Map(data.needs.map((n) => [n.id, n]));
  const districtSession = data.sessions[0];
  const chosen = new Set<unknown>();
  for (const link of data.sessionNeeds) {
    if (chosen.size === 3) break;
    if (link.sessionId !== districtSession.id) continue;
    const communityId = needById.get(link.needId)!.communityId;
    if (chosen.has(communityId)) continue;
    chosen.add(communityId);
    const community = communityById.get(communityId)!;
    accounts.push({
      email: `community${chosen.size}@demo.nj`,
      role: Role.COMMUNITY,
      communityId: community.id as string,
      organizationId: null,
      note: `${community.name as string} (${community.district as string}), has needs in "${districtSession.title as string}"`,
    });
  }
  const candidates = data.organizations.filter(
    (o) =>
      o.form === 'SOCIAL_SERVICE_AGENCY' &&
      o.district === '玄武区' &&
      ['A3', 'A4', 'A5'].includes(o.grade as string) &&
      (o.maxConcurrentProjects as number) >= 2,
  );
  const fallback = data.organizations.filter((o) => !candidates.includes(o));
  for (const [i, org] of [...candidates, ...fallback].slice(0, 3).entries()) {
    accounts.push({
      email: `org${i + 1}@demo.nj`,
      role: Role.ORGANIZATION,
      communityId: null,
      organizationId: org.id as string,
      note: `${org.name as string} (${org.grade as string}, ${org.district as string})`,
    });
  }
  return accounts;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must be set (npm run seed sets it to the embedded PostgreSQL when unset)');
  const started = Date.now();
  const data = generate({ needs: flags.needs, organizations: flags.organizations, seed: flags.seed, fairNeeds: 2100 });
  const generatedMs = Date.now() - started;
  const accounts = demoAccounts(data);
  const passwordHash = await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id });
  const userIds = new Random(flags.seed ^ 0x05e75);

  const ds = await new DataSource(dataSourceOptions(url, { extra: { max: 2, application_name: 'marketplace-seed' } })).initialize();
  try {
    // Demo accounts share a published password: never in production by accident.
    if ((await isProductionDatabase(ds)) && !flags.force) {
      throw new Error(
        'refusing to seed a production database (NODE_ENV=production, or an api ran on it in production): the demo accounts have a published password. Pass --force to seed it anyway.',
      );
    }
    await runMigrationsLocked(ds, (msg) => console.log(msg));
    const tables = ds.entityMetadatas.filter((m) => m.tableType === 'regular').map((m) => `"${m.tableName}"`);
    const written = await ds.transaction(async (manager) => {
      if (flags.reset) {
        await manager.query(`TRUNCATE ${tables.join(', ')} CASCADE`);
        await manager.query(`ALTER SEQUENCE IF EXISTS contract_number_seq RESTART`);
        console.log(`reset: emptied ${tables.length} tables`);
      } else {
        const [{ busy }] = await manager.query(
          `SELECT EXISTS (SELECT 1 FROM communities) OR EXISTS (SELECT 1 FROM organizations) OR EXISTS (SELECT 1 FROM service_needs) AS busy`,
        );
        if (busy && flags.ifEmpty) return false;
        if (busy)
          throw new Error(
            'the database already holds communities, organizations or needs; run `npm run seed -- --reset` to replace everything with the demo data',
          );
        await manager.query(`DELETE FROM users WHERE email LIKE '%@demo.nj'`);
      }
      await bulkInsert(manager, CommunityEntity, data.communities);
      await bulkInsert(manager, OrganizationEntity, data.organizations);
      await bulkInsert(manager, ServiceOfferingEntity, data.offerings);
      await bulkInsert(manager, FairEntity, [data.fair]);
      await bulkInsert(manager, ServiceNeedEntity, data.needs);
      await bulkInsert(manager, MatchSessionEntity, data.sessions);
      await bulkInsert(manager, SessionNeedEntity, data.sessionNeeds);
      await bulkInsert(
        manager,
        UserEntity,
        accounts.map((a) => ({ id: userIds.uuid(), email: a.email, passwordHash, role: a.role, communityId: a.communityId, organizationId: a.organizationId })),
      );
      return true;
    });
    if (!written) {
      console.log(
        'The database already holds communities, organizations or needs: the demo data was not written (npm run seed -- --reset replaces everything).',
      );
      return;
    }
    // VACUUM as well as ANALYZE: a bulk load leaves no page all-visible, and until a vacuum
    // marks them (autovacuum may be off, or a minute away) no index-only scan is possible: the
    // needs browse's count then reads the heap, 6.4 ms instead of 0.9 at 100,000 needs.
    await ds.query('VACUUM (ANALYZE)');
  } finally {
    await ds.destroy();
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const fairNeeds = data.needs.filter((n) => n.fairId).length;
  const totalBudget = data.needs.reduce((sum, n) => sum + (n.budgetFen as number), 0) / 100;
  console.log(`Seeded in ${seconds} s (generation ${(generatedMs / 1000).toFixed(1)} s), seed ${flags.seed}:`);
  console.log(`  ${data.communities.length} communities in ${new Set(data.communities.map((c) => c.district)).size} districts`);
  console.log(`  ${data.organizations.length} organizations with ${data.offerings.length} offerings`);
  console.log(`  ${data.needs.length} needs, budgets totalling ${Math.round(totalBudget).toLocaleString('en-US')} yuan`);
  console.log(
    `  fair "${data.fair.name as string}" (${data.fair.status as string}) with ${fairNeeds} needs; ${data.sessions.length} open sessions, bids until ${data.sessions[0].bidDeadline as string}:`,
  );
  for (const s of data.sessions)
    console.log(`    ${s.id as string}  ${s.title as string} (${data.sessionNeeds.filter((l) => l.sessionId === s.id).length} needs)`);
  console.log(`Demo sign-in (password for all: ${DEMO_PASSWORD}):`);
  for (const a of accounts) console.log(`  ${a.role.padEnd(12)} ${a.email.padEnd(20)} ${a.note}`);
}

main().catch((error) => {
  console.error(`seed failed: ${error.message}`);
  process.exit(1);
});
