import { CommunityEntity, OrganizationEntity } from '@app/directory';
import { BidEntity, BidStatus } from '@app/fairs';
import { MatchProposalEntity, ProposalStatus } from '@app/matching-runs';
import { NeedStatus, ServiceNeedEntity } from '@app/needs';
import { FundingSource } from '@app/reference-data';
import { ContractMilestoneEntity } from '../entities/contract-milestone.entity';
import { ContractEntity, ContractStatus } from '../entities/contract.entity';
import { buildReleasePackage, contractStatus, OcdsInput, tenderStatus } from './ocds-release';

const at = new Date('2026-12-05T02:00:00Z');
const need = (status: NeedStatus) =>
  ({
    id: 'need-1',
    communityId: 'community-1',
    status,
    title: '助餐服务',
    description: '高龄老人助餐',
    domain: 'ELDERLY_CARE',
    beneficiaries: 100,
    budgetFen: 4_800_000,
    startsOn: '2027-01-01',
    endsOn: '2027-12-31',
    updatedAt: at,
  }) as unknown as ServiceNeedEntity;
const contract = (status: ContractStatus, signed: boolean) =>
  ({
    id: 'contract-1',
    number: 'NJ-2026-000001',
    needId: 'need-1',
    organizationId: 'org-1',
    communityId: 'community-1',
    proposalId: 'proposal-1',
    amountFen: 4_500_001,
    fundingSource: FundingSource.CITY,
    startsOn: '2027-01-01',
    endsOn: '2027-12-31',
    status,
    communitySignedAt: signed ? at : null,
    organizationSignedAt: signed ? at : null,
    createdAt: at,
    updatedAt: at,
  }) as unknown as ContractEntity;

describe('OCDS release mapping', () => {
  it('maps need statuses onto the tenderStatus code list', () => {
    expect(tenderStatus(need(NeedStatus.PUBLISHED), false)).toBe('active');
    expect(tenderStatus(need(NeedStatus.MATCHED), false)).toBe('active');
    expect(tenderStatus(need(NeedStatus.CONTRACTED), true)).toBe('complete');
    expect(tenderStatus(need(NeedStatus.CLOSED), false)).toBe('unsuccessful');
    expect(tenderStatus(need(NeedStatus.WITHDRAWN), false)).toBe('cancelled');
  });

  it('maps contract statuses onto the contractStatus code list', () => {
    expect(contractStatus(contract(ContractStatus.PENDING_SIGNATURE, false))).toBe('pending');
    expect(contractStatus(contract(ContractStatus.ACTIVE, true))).toBe('active');
    expect(contractStatus(contract(ContractStatus.COMPLETED, true))).toBe('terminated');
    expect(contractStatus(contract(ContractStatus.TERMINATED, false))).toBe('cancelled');
  });

  it('gives every met payment milestone a transaction of the same amount, and none to the scheduled ones', () => {
    const milestones = [
      { contractId: 'contract-1', seq: 1, title: '首期款', dueOn: '2027-01-01', amountFen: 1_350_000, paidAt: at },
      { contractId: 'contract-1', seq: 2, title: '中期款', dueOn: '2027-07-02', amountFen: 1_800_000, paidAt: null },
      { contractId: 'contract-1', seq: 3, title: '尾款', dueOn: '2027-12-31', amountFen: 1_350_001, paidAt: null },
    ] as ContractMilestoneEntity[];
    const input: OcdsInput = {
      fair: { id: 'fair-1', name: '社洽会', city: '南京', createdAt: at },
      needs: [need(NeedStatus.CONTRACTED)],
      communities: new Map([['community-1', { id: 'community-1', name: '锁金村社区', district: '玄武区', street: '锁金村街道' } as CommunityEntity]]),
      organizations: new Map([['org-1', { id: 'org-1', name: '金陵社工', creditCode: '52320100MJ5000001X', district: '玄武区' } as OrganizationEntity]]),
      bids: [],
      proposals: [
        { id: 'proposal-1', needId: 'need-1', organizationId: 'org-1', bidId: null, status: ProposalStatus.CONTRACTED, updatedAt: at } as MatchProposalEntity,
      ],
      contracts: [contract(ContractStatus.ACTIVE, true)],
      milestones,
      tenderPeriods: new Map(),
      needsInBidding: new Set(),
    };
    const [release] = (buildReleasePackage(input) as { releases: any[] }).releases;
    const [c] = release.contracts;
    expect(c.milestones.map((m: any) => m.status)).toEqual(['met', 'scheduled', 'scheduled']);
    expect(c.implementation.transactions).toEqual([expect.objectContaining({ id: c.milestones[0].id, value: { amount: 13500, currency: 'CNY' } })]);
    expect(release.awards[0].value).toEqual({ amount: 48000, currency: 'CNY' }); // no bid: the budget
    expect(c.value).toEqual({ amount: 45000.01, currency: 'CNY' });
  });

  it('names no tenderer and gives no count for a need still in bidding, even with bids of an earlier session', () => {
    const earlierBid = { id: 'bid-1', needId: 'need-1', organizationId: 'org-1', priceFen: 4_000_000, status: BidStatus.REJECTED, updatedAt: at } as BidEntity;
    const input = (inBidding: boolean): OcdsInput => ({
      fair: { id: 'fair-1', name: '社洽会', city: '南京', createdAt: at },
      needs: [need(NeedStatus.PUBLISHED)],
      communities: new Map([['community-1', { id: 'community-1', name: '锁金村社区', district: '玄武区', street: '锁金村街道' } as CommunityEntity]]),
      organizations: new Map([['org-1', { id: 'org-1', name: '金陵社工', creditCode: '52320100MJ5000001X', district: '玄武区' } as OrganizationEntity]]),
      bids: [earlierBid],
      proposals: [],
      contracts: [],
      milestones: [],
      tenderPeriods: new Map(),
      needsInBidding: inBidding ? new Set(['need-1']) : new Set(),
    });
    const [sealed] = (buildReleasePackage(input(true)) as { releases: any[] }).releases;
    expect(sealed.tender).not.toHaveProperty('tenderers');
    expect(sealed.tender).not.toHaveProperty('numberOfTenderers');
    expect(sealed.parties.map((p: any) => p.id)).toEqual(['community-1']);
    expect(JSON.stringify(sealed)).not.toContain('org-1');
    const [open] = (buildReleasePackage(input(false)) as { releases: any[] }).releases;
    expect(open.tender).toMatchObject({ numberOfTenderers: 1, tenderers: [{ id: 'org-1', name: '金陵社工' }] });
  });
});
