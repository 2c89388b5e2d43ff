import { ContractsService, OcdsService } from '@app/contracts';
import { DirectoryService } from '@app/directory';
import { BidsService, FairsService, SessionsService } from '@app/fairs';
import { MatchingRunsService, ProposalsService } from '@app/matching-runs';
import { NeedsService } from '@app/needs';
import { DOMAIN_ZH, FUNDING_ZH } from '@app/reference-data';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Workbook, Worksheet } from 'exceljs';
import { DataSource } from 'typeorm';
import { InsightErrors } from '../insight.errors';
import { latestSucceededRuns } from '../insight.service';
import { CONTRACT_STATUS_LABEL } from './labels';
import { releasePackageCsv } from './ocds-csv';

/** Amounts are written as numbers of yuan (fen / 100), shown with thousands separators. */
const YUAN_FORMAT = '#,##0.00';
const yuan = (fen: number): number => fen / 100;

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Buffer | string;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sheet(workbook: Workbook, name: string, columns: Array<{ header: string; key: string; width: number; yuan?: boolean }>): Worksheet {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.yuan ? { numFmt: YUAN_FORMAT } : {} }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

/**
 * The files organizers take away: a session's results and a fair's contracts as XLSX (Chinese
 * headers, amounts as numbers), and the fair's OCDS release package as JSON and as CSV.
 */
@Injectable()
export class ExportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly fairs: FairsService,
    private readonly sessions: SessionsService,
    private readonly needs: NeedsService,
    private readonly bids: BidsService,
    private readonly runs: MatchingRunsService,
    private readonly proposals: ProposalsService,
    private readonly contracts: ContractsService,
    private readonly directory: DirectoryService,
    private readonly ocds: OcdsService,
  ) {}

  /** Every need of the session's table with what its latest succeeded run assigned it (or 未匹配). */
  async sessionResults(sessionId: string): Promise<ExportFile> {
    const session = await this.sessions.get(sessionId);
    const [run] = latestSucceededRuns(await this.runs.runsOfSessions([session.id]));
    if (!run) throw InsightErrors.noResultsYet(session.id);
    const [needs, assigned] = await Promise.all([
      this.sessions.needIdsOnTable(this.db.manager, session.id).then((ids) => this.needs.findNeeds(ids)),
      this.proposals.assignedOfRuns([run.id]),
    ]);
    const byNeed = new Map(assigned.map((a) => [a.needId, a]));
    const [organizations, communities, bids] = await Promise.all([
      this.directory.findOrganizations([...new Set(assigned.map((a) => a.organizationId))]),
      this.directory.findCommunities([...new Set(needs.map((n) => n.communityId))]),
      this.bids.findMany(assigned.flatMap((a) => (a.bidId ? [a.bidId] : []))),
    ]);
    const orgName = new Map(organizations.map((o) => [o.id, o.name]));
    const communityName = new Map(communities.map((c) => [c.id, c.name]));
    const price = new Map(bids.map((b) => [b.id, b.priceFen]));

    const workbook = new Workbook();
    workbook.created = run.finishedAt ?? new Date();
    const ws = sheet(workbook, '撮合结果', [
      { header: '序号', key: 'seq', width: 6 },
      { header: '需求名称', key: 'title', width: 36 },
      { header: '社区', key: 'community', width: 24 },
      { header: '所在区', key: 'district', width: 10 },
      { header: '服务领域', key: 'domain', width: 14 },
      { header: '预算金额（元）', key: 'budget', width: 16, yuan: true },
      { header: '撮合结果', key: 'result', width: 10 },
      { header: '承接组织', key: 'organization', width: 30 },
      { header: '报价（元）', key: 'price', width: 16, yuan: true },
      { header: '匹配得分', key: 'score', width: 10 },
    ]);
    const sorted = [...needs].sort((a, b) => a.district.localeCompare(b.district, 'zh') || a.title.localeCompare(b.title, 'zh') || (a.id < b.id ? -1 : 1));
    sorted.forEach((need, i) => {
      const pair = byNeed.get(need.id);
      const bidPrice = pair?.bidId ? price.get(pair.bidId) : undefined;
      ws.addRow({
        seq: i + 1,
        title: need.title,
        community: communityName.get(need.communityId) ?? '',
        district: need.district,
        domain: DOMAIN_ZH[need.domain],
        budget: yuan(need.budgetFen),
        result: pair ? '已匹配' : '未匹配',
        organization: pair ? (orgName.get(pair.organizationId) ?? null) : null,
        price: bidPrice !== undefined ? yuan(bidPrice) : null,
        score: pair ? Math.round(pair.score * 10_000) / 10_000 : null,
      });
    });
    return { fileName: `session-${session.id}-results.xlsx`, contentType: XLSX_TYPE, body: Buffer.from(await workbook.xlsx.writeBuffer()) };
  }

  /** Every contract on the fair's needs, by number. */
  async fairContracts(fairId: string): Promise<ExportFile> {
    const fair = await this.fairs.get(fairId);
    const needs = await this.needs.readableOfFair(null, fair.id, await this.sessions.needIdsOnTablesOfFair(fair.id));
    const contracts = await this.contracts.ofNeeds(needs.map((n) => n.id));
    const [organizations, communities] = await Promise.all([
      this.directory.findOrganizations([...new Set(contracts.map((c) => c.organizationId))]),
      this.directory.findCommunities([...new Set(contracts.map((c) => c.communityId))]),
    ]);
    const needOf = new Map(needs.map((n) => [n.id, n]));
    const orgName = new Map(organizations.map((o) => [o.id, o.name]));
    const communityName = new Map(communities.map((c) => [c.id, c.name]));

    const workbook = new Workbook();
    const ws = sheet(workbook, '合同', [
      { header: '合同编号', key: 'number', width: 22 },
      { header: '需求名称', key: 'title', width: 36 },
      { header: '社区', key: 'community', width: 24 },
      { header: '承接组织', key: 'organization', width: 30 },
      { header: '所在区', key: 'district', width: 10 },
      { header: '服务领域', key: 'domain', width: 14 },
      { header: '合同金额（元）', key: 'amount', width: 16, yuan: true },
      { header: '资金来源', key: 'funding', width: 12 },
      { header: '开始日期', key: 'startsOn', width: 12 },
      { header: '结束日期', key: 'endsOn', width: 12 },
      { header: '状态', key: 'status', width: 10 },
    ]);
    for (const c of [...contracts].sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))) {
      const need = needOf.get(c.needId);
      ws.addRow({
        number: c.number,
        title: need?.title ?? '',
        community: communityName.get(c.communityId) ?? '',
        organization: orgName.get(c.organizationId) ?? '',
        district: need?.district ?? '',
        domain: need ? DOMAIN_ZH[need.domain] : '',
        amount: yuan(c.amountFen),
        funding: FUNDING_ZH[c.fundingSource],
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        status: CONTRACT_STATUS_LABEL[c.status],
      });
    }
    return { fileName: `fair-${fair.id}-contracts.xlsx`, contentType: XLSX_TYPE, body: Buffer.from(await workbook.xlsx.writeBuffer()) };
  }

  async ocdsJson(fairId: string): Promise<ExportFile> {
    const releasePackage = await this.ocds.releasePackage(fairId);
    return { fileName: `fair-${fairId}-ocds.json`, contentType: 'application/json; charset=utf-8', body: JSON.stringify(releasePackage) };
  }

  async ocdsCsv(fairId: string): Promise<ExportFile> {
    const releasePackage = await this.ocds.releasePackage(fairId);
    return { fileName: `fair-${fairId}-ocds.csv`, contentType: 'text/csv; charset=utf-8', body: releasePackageCsv(releasePackage) };
  }
}
