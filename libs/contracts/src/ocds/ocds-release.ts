import { Fen, formatFen } from '@app/core';
import { CommunityEntity, OrganizationEntity } from '@app/directory';
import { BidEntity, BidStatus } from '@app/fairs';
import { MatchProposalEntity, ProposalStatus } from '@app/matching-runs';
import { NeedStatus, ServiceNeedEntity } from '@app/needs';
import { ContractMilestoneEntity } from '../entities/contract-milestone.entity';
import { ContractEntity, ContractStatus } from '../entities/contract.entity';

/**
 * Open Contracting Data Standard 1.1 for the fair: one contracting process per need.
 *
 * `ocid` = `ocds-njsqh-<needId>`. OCDS asks publishers to register an ocid prefix
 * (`ocds-` plus six characters) with the Open Contracting Partnership; `ocds-njsqh`
 * (南京社洽会) is this product's placeholder until the organizers register one, and it
 * lives only here.
 */
export const OCID_PREFIX = 'ocds-njsqh';
export const OCDS_VERSION = '1.1';
/** 统一社会信用代码 (GB 32100-2015), the one identifier every registered Chinese organization holds. */
export const ORGANIZATION_ID_SCHEME = 'CN-USCC';
const CHINA_OFFSET = '+08:00';

export interface OcdsFair {
  id: string;
  name: string;
  city: string;
  createdAt: Date;
}

export interface OcdsTenderPeriod {
  startDate: Date;
  endDate: Date;
}

export interface OcdsInput {
  fair: OcdsFair;
  needs: ServiceNeedEntity[];
  communities: Map<string, CommunityEntity>;
  organizations: Map<string, OrganizationEntity>;
  /** Bids whose session no longer takes bids (BidsService.openDataOfNeeds): sealed ones never reach here. */
  bids: BidEntity[];
  /** Needs on the table of a session still taking bids: their release names no tenderer and no count. */
  needsInBidding: Set<string>;
  /** Proposals ACCEPTED by both sides or CONTRACTED: the awards. */
  proposals: MatchProposalEntity[];
  contracts: ContractEntity[];
  milestones: ContractMilestoneEntity[];
  /** The bidding window of the latest session that put the need on the table. */
  tenderPeriods: Map<string, OcdsTenderPeriod>;
  /** Resolved complaints (UPHELD, DISMISSED): that they exist, their outcome and dates; never a text or a filer. */
  complaints?: Array<{ id: string; needId: string; status: string; createdAt: Date; resolvedAt: Date }>;
}

type Json = Record<string, unknown>;

export const ocidOf = (needId: string) => `${OCID_PREFIX}-${needId}`;

/** Amounts in yuan as JSON numbers (OCDS Value.amount), through the exact decimal string. */
const value = (fen: Fen) => ({ amount: Number(formatFen(fen)), currency: 'CNY' });
/** Calendar dates are Nanjing days: a period runs from the first day's start to the last day's end. */
const dayStart = (day: string) => `${day}T00:00:00${CHINA_OFFSET}`;
const dayEnd = (day: string) => `${day}T23:59:59${CHINA_OFFSET}`;
const iso = (d: Date) => d.toISOString();
const latest = (dates: Array<Date | null | undefined>) => new Date(Math.max(...dates.filter((d): d is Date => !!d).map((d) => d.getTime())));

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

/** NeedStatus → OCDS tenderStatus (closed code list). */
export function tenderStatus(need: ServiceNeedEntity, hasContract: boolean): string {
  switch (need.status) {
    case NeedStatus.DRAFT:
      return 'planning';
    case NeedStatus.PUBLISHED:
    case NeedStatus.MATCHED:
      return 'active';
    case NeedStatus.CONTRACTED:
      return 'complete';
    case NeedStatus.CLOSED:
      return hasContract ? 'complete' : 'unsuccessful';
    case NeedStatus.WITHDRAWN:
      return 'cancelled';
  }
}

/** ContractStatus → OCDS contractStatus: `terminated` covers a contract that was in force and has ended, completed or not. */
export function contractStatus(contract: ContractEntity): string {
  switch (contract.status) {
    case ContractStatus.PENDING_SIGNATURE:
      return 'pending';
    case ContractStatus.SIGNED:
    case ContractStatus.ACTIVE:
      return 'active';
    case ContractStatus.COMPLETED:
      return 'terminated';
    case ContractStatus.TERMINATED:
      return contract.communitySignedAt && contract.organizationSignedAt ? 'terminated' : 'cancelled';
  }
}

export function buildReleasePackage(input: OcdsInput): Json {
  const bidsByNeed = groupBy(input.bids, (b) => b.needId);
  const proposalsByNeed = groupBy(input.proposals, (p) => p.needId);
  const contractsByNeed = groupBy(input.contracts, (c) => c.needId);
  const milestonesByContract = groupBy(input.milestones, (m) => m.contractId);
  const bidsById = new Map(input.bids.map((b) => [b.id, b]));
  const complaintsByNeed = groupBy(input.complaints ?? [], (c) => c.needId);

  const releases = input.needs.map((need) =>
    buildRelease(need, {
      ...input,
      inBidding: input.needsInBidding.has(need.id),
      bids: bidsByNeed.get(need.id) ?? [],
      proposals: proposalsByNeed.get(need.id) ?? [],
      contracts: contractsByNeed.get(need.id) ?? [],
      milestonesByContract,
      bidsById,
      complaints: complaintsByNeed.get(need.id) ?? [],
    }),
  );
  const dates = releases.map((r) => new Date(r.date as string));
  return {
    uri: `urn:${OCID_PREFIX}:fair:${input.fair.id}:release-package`,
    version: OCDS_VERSION,
    // Generated on demand: the date of the last change to what it contains.
    publishedDate: iso(latest([input.fair.createdAt, ...dates])),
    publisher: { name: `${input.fair.city} · ${input.fair.name}` },
    releases,
  };
}

interface NeedData {
  communities: Map<string, CommunityEntity>;
  organizations: Map<string, OrganizationEntity>;
  tenderPeriods: Map<string, OcdsTenderPeriod>;
  bids: BidEntity[];
  proposals: MatchProposalEntity[];
  contracts: ContractEntity[];
  milestonesByContract: Map<string, ContractMilestoneEntity[]>;
  bidsById: Map<string, BidEntity>;
  inBidding: boolean;
  complaints: NonNullable<OcdsInput['complaints']>;
}

function buildRelease(need: ServiceNeedEntity, data: NeedData): Json {
  const ocid = ocidOf(need.id);
  const community = data.communities.get(need.communityId)!;
  const buyer = { id: community.id, name: community.name };
  const orgRef = (id: string) => ({ id, name: data.organizations.get(id)?.name ?? id });
  const contractPeriod = { startDate: dayStart(need.startsOn), endDate: dayEnd(need.endsOn) };

  // Organizations that made an offer: a bid that was not withdrawn, or acceptance of a proposal.
  // While the need is in bidding none is named (and none counted): bids are sealed until the deadline.
  const tendered = data.bids.filter((b) => b.status !== BidStatus.WITHDRAWN);
  const tendererIds = data.inBidding ? [] : [...new Set([...tendered.map((b) => b.organizationId), ...data.proposals.map((p) => p.organizationId)])];

  const awards = data.proposals.map((p) => {
    const bid = p.bidId ? data.bidsById.get(p.bidId) : undefined;
    return {
      id: p.id,
      title: `${orgRef(p.organizationId).name} · ${need.title}`,
      status: p.status === ProposalStatus.CONTRACTED ? 'active' : 'pending',
      date: iso(p.updatedAt),
      value: value(bid ? bid.priceFen : need.budgetFen),
      suppliers: [orgRef(p.organizationId)],
      contractPeriod,
    };
  });
  const awardIds = new Set(awards.map((a) => a.id));

  const contracts = data.contracts.map((c) => {
    const milestones = data.milestonesByContract.get(c.id) ?? [];
    const paid = milestones.filter((m) => m.paidAt);
    const awardID = c.proposalId ?? `contract-${c.id}`;
    if (!awardIds.has(awardID)) {
      // A contract always answers an award; one written without a visible proposal gets its own.
      awardIds.add(awardID);
      awards.push({
        id: awardID,
        title: c.number,
        status: 'active',
        date: iso(c.createdAt),
        value: value(c.amountFen),
        suppliers: [orgRef(c.organizationId)],
        contractPeriod,
      });
    }
    const signatures = [c.communitySignedAt, c.organizationSignedAt];
    return {
      id: c.id,
      awardID,
      title: c.number,
      status: contractStatus(c),
      period: { startDate: dayStart(c.startsOn), endDate: dayEnd(c.endsOn) },
      value: value(c.amountFen),
      ...(signatures.every(Boolean) ? { dateSigned: iso(latest(signatures)) } : {}),
      milestones: milestones.map((m) => ({
        id: `${c.id}-${m.seq}`,
        title: m.title,
        type: 'payment',
        dueDate: dayEnd(m.dueOn),
        status: m.paidAt ? 'met' : 'scheduled',
        ...(m.paidAt ? { dateMet: iso(m.paidAt) } : {}),
      })),
      implementation: {
        // Each met payment milestone has its transaction, with the same id.
        transactions: paid.map((m) => ({
          id: `${c.id}-${m.seq}`,
          date: iso(m.paidAt!),
          value: value(m.amountFen),
          payer: buyer,
          payee: orgRef(c.organizationId),
        })),
      },
    };
  });

  const supplierIds = new Set(awards.flatMap((a) => a.suppliers.map((s) => s.id)));
  const payeeIds = new Set(data.contracts.filter((c) => (data.milestonesByContract.get(c.id) ?? []).some((m) => m.paidAt)).map((c) => c.organizationId));
  const partyOrgIds = [...new Set([...tendererIds, ...data.contracts.map((c) => c.organizationId)])];
  const parties = [
    {
      id: community.id,
      name: community.name,
      address: { locality: community.street, region: community.district, countryName: '中国' },
      roles: ['buyer', 'procuringEntity', ...(payeeIds.size ? ['payer'] : [])],
    },
    ...partyOrgIds.map((id) => {
      const org = data.organizations.get(id);
      const roles = [...(tendererIds.includes(id) ? ['tenderer'] : []), ...(supplierIds.has(id) ? ['supplier'] : []), ...(payeeIds.has(id) ? ['payee'] : [])];
      return {
        id,
        name: org?.name ?? id,
        ...(org
          ? { identifier: { scheme: ORGANIZATION_ID_SCHEME, id: org.creditCode, legalName: org.name }, address: { region: org.district, countryName: '中国' } }
          : {}),
        roles,
      };
    }),
  ];

  const hasTransactions = contracts.some((c) => c.implementation.transactions.length > 0);
  const tag = ['tender', ...(awards.length ? ['award'] : []), ...(contracts.length ? ['contract'] : []), ...(hasTransactions ? ['implementation'] : [])];
  const tenderPeriod = data.tenderPeriods.get(need.id);
  const date = latest([
    need.updatedAt,
    ...data.bids.map((b) => b.updatedAt),
    ...data.proposals.map((p) => p.updatedAt),
    ...data.contracts.map((c) => c.updatedAt),
    ...data.contracts.flatMap((c) => (data.milestonesByContract.get(c.id) ?? []).map((m) => m.paidAt)),
    ...data.complaints.map((c) => c.resolvedAt),
  ]);

  return {
    ocid,
    // Unique per ocid and per state: a later change of the process yields a new release id.
    id: `${ocid}-${date.getTime()}`,
    date: iso(date),
    tag,
    initiationType: 'tender',
    language: 'zh',
    parties,
    buyer,
    tender: {
      id: need.id,
      title: need.title,
      description: need.description,
      status: tenderStatus(need, data.contracts.length > 0),
      procuringEntity: buyer,
      items: [
        {
          id: '1',
          description: `${need.domain}: ${need.beneficiaries} beneficiaries`,
          classification: { scheme: 'X-NJSQH-SERVICE-DOMAIN', id: need.domain },
          quantity: need.beneficiaries,
          unit: { name: 'beneficiary' },
        },
      ],
      value: value(need.budgetFen),
      procurementMethod: 'open',
      procurementMethodDetails: '社区暨社会公益服务项目洽谈会: open bidding in a live session, capacity-respecting matching, acceptance by both parties',
      mainProcurementCategory: 'services',
      awardCriteria: 'ratedCriteria',
      awardCriteriaDetails: 'match score: domain fit, capacity, evaluation grade, distance, price and past performance',
      ...(tenderPeriod ? { tenderPeriod: { startDate: iso(tenderPeriod.startDate), endDate: iso(tenderPeriod.endDate) } } : {}),
      contractPeriod,
      ...(data.inBidding ? {} : { tenderers: tendererIds.map(orgRef), numberOfTenderers: tendererIds.length }),
    },
    awards,
    contracts,
    // Not part of OCDS 1.1.5's core: that a complaint against the award was resolved, its outcome and dates only.
    ...(data.complaints.length
      ? {
          complaints: data.complaints.map((c) => ({
            id: c.id,
            status: c.status === 'UPHELD' ? 'upheld' : 'dismissed',
            dateSubmitted: iso(c.createdAt),
            dateResolved: iso(c.resolvedAt),
          })),
        }
      : {}),
  };
}
