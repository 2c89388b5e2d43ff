import { BidInput, NeedInput, OfferingInput, OrganizationInput } from '@app/matching';
import { EvaluationGrade, ServiceDomain } from '@app/reference-data';
import { EntityManager } from 'typeorm';

/**
 * Plain-SQL reads that feed the matching engine. Raw rows, not entities: a province
 * run reads tens of thousands of needs and organizations, and hydrating entities
 * would cost more than the matching itself.
 */
interface NeedRow { id: string; domain: ServiceDomain; lat: number; lng: number; beneficiaries: number; budget_fen: string; min_grade: EvaluationGrade }
interface OrganizationRow { id: string; lat: number; lng: number; service_radius_km: number; grade: EvaluationGrade; max_concurrent_projects: number; active_projects: number; performance_score: number | null }
interface OfferingRow { organization_id: string; domain: ServiceDomain; price_min_fen: string; price_max_fen: string; annual_beneficiaries: number }
interface BidRow { id: string; need_id: string; organization_id: string; price_fen: string; status: string }

const NEED_COLUMNS = 'n.id, n.domain, n.lat, n.lng, n.beneficiaries, n.budget_fen, n.min_grade';

/** Statuses a run matches: PUBLISHED, and MATCHED for a re-run of the same session. */
export const MATCHABLE_NEED_STATUSES = ['PUBLISHED', 'MATCHED'];

export async function loadSessionNeeds(manager: EntityManager, sessionId: string): Promise<NeedInput[]> {
  const rows: NeedRow[] = await manager.query(
    `SELECT ${NEED_COLUMNS} FROM session_needs sn JOIN service_needs n ON n.id = sn.need_id
      WHERE sn.session_id = $1 AND n.status = ANY($2::need_status[])`, [sessionId, MATCHABLE_NEED_STATUSES]);
  return rows.map(toNeedInput);
}

/** PUBLISHED needs in the given domains inside a lat/lng box (the GiST index on point(lng, lat) serves it). */
export async function loadPublishedNeedsNear(manager: EntityManager, domains: ServiceDomain[], box: { minLat: number; maxLat: number; minLng: number; maxLng: number }): Promise<NeedInput[]> {
  const rows: NeedRow[] = await manager.query(
    `SELECT ${NEED_COLUMNS} FROM service_needs n
      WHERE n.status = 'PUBLISHED' AND n.domain = ANY($1::service_domain[])
        AND point(n.lng, n.lat) <@ box(point($2, $3), point($4, $5))`,
    [domains, box.minLng, box.minLat, box.maxLng, box.maxLat]);
  return rows.map(toNeedInput);
}

/** Organizations with a free slot (the engine skips the others anyway), with their catalogues. */
export async function loadCandidateOrganizations(manager: EntityManager, organizationIds?: string[]): Promise<OrganizationInput[]> {
  const only = organizationIds ? 'AND o.id = ANY($1::uuid[])' : '';
  const params = organizationIds ? [organizationIds] : [];
  const [orgs, offerings]: [OrganizationRow[], OfferingRow[]] = await Promise.all([
    manager.query(
      `SELECT o.id, o.lat, o.lng, o.service_radius_km, o.grade, o.max_concurrent_projects, o.active_projects, o.performance_score
         FROM organizations o WHERE o.active_projects < o.max_concurrent_projects ${only}`, params),
    manager.query(
      `SELECT f.organization_id, f.domain, f.price_min_fen, f.price_max_fen, f.annual_beneficiaries
         FROM service_offerings f JOIN organizations o ON o.id = f.organization_id
        WHERE o.active_projects < o.max_concurrent_projects ${only}`, params),
  ]);
  const byOrg = new Map<string, OfferingInput[]>();
  for (const f of offerings) {
    const list = byOrg.get(f.organization_id) ?? [];
    list.push({ domain: f.domain, priceMinFen: Number(f.price_min_fen), priceMaxFen: Number(f.price_max_fen), annualBeneficiaries: f.annual_beneficiaries });
    byOrg.set(f.organization_id, list);
  }
  return orgs.map((o) => ({
    id: o.id, lat: o.lat, lng: o.lng, serviceRadiusKm: o.service_radius_km, grade: o.grade,
    freeCapacity: o.max_concurrent_projects - o.active_projects, maxCapacity: o.max_concurrent_projects,
    performanceScore: o.performance_score, offerings: byOrg.get(o.id) ?? [],
  }));
}

/** Every bid on the session's needs; only SUBMITTED ones are live (the engine judges the others). */
export async function loadSessionBids(manager: EntityManager, sessionId: string): Promise<BidInput[]> {
  const rows: BidRow[] = await manager.query(
    `SELECT b.id, b.need_id, b.organization_id, b.price_fen, b.status
       FROM bids b JOIN session_needs sn ON sn.need_id = b.need_id WHERE sn.session_id = $1`, [sessionId]);
  return rows.map(toBidInput);
}

export async function loadBidsOfOrganization(manager: EntityManager, organizationId: string, needIds: string[]): Promise<BidInput[]> {
  if (needIds.length === 0) return [];
  const rows: BidRow[] = await manager.query(
    'SELECT b.id, b.need_id, b.organization_id, b.price_fen, b.status FROM bids b WHERE b.organization_id = $1 AND b.need_id = ANY($2::uuid[])', [organizationId, needIds]);
  return rows.map(toBidInput);
}

function toNeedInput(r: NeedRow): NeedInput {
  return { id: r.id, domain: r.domain, lat: r.lat, lng: r.lng, beneficiaries: r.beneficiaries, budgetFen: Number(r.budget_fen), minGrade: r.min_grade };
}

function toBidInput(r: BidRow): BidInput {
  return { id: r.id, needId: r.need_id, organizationId: r.organization_id, priceFen: Number(r.price_fen), live: r.status === 'SUBMITTED' };
}
