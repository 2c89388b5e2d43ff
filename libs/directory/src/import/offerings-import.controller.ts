import {
  buildTemplate,
  choiceCell,
  CurrentUser,
  ImportColumn,
  ImportErrorsFilter,
  ImportRejected,
  ImportResult,
  ImportUpload,
  intCell,
  isDryRun,
  noFileSent,
  parseRows,
  previewOf,
  Principal,
  Public,
  readSheet,
  Role,
  Roles,
  textCell,
  ThrottleService,
  UploadedSpreadsheet,
  withColumns,
  XLSX_CONTENT_TYPE,
  yuanCell,
} from '@app/core';
import { DOMAIN_ZH } from '@app/reference-data';
import { Controller, Get, HttpCode, Post, Query, StreamableFile, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { DirectoryService } from '../directory.service';
import { OfferingInput } from '../dto/organization.inputs';

/** The service catalogue's columns (服务清单), each filling a field of addOffering's OfferingInput. */
export const OFFERING_COLUMNS: readonly ImportColumn[] = [
  { header: '服务名称', field: 'title', required: true, parse: textCell(), example: '居家养老上门服务', note: '2 至 120 个字' },
  { header: '服务简介', field: 'description', required: true, parse: textCell(), example: '助餐、助浴、助洁、陪诊等上门服务', note: '1 至 2000 个字' },
  {
    header: '服务领域',
    field: 'domain',
    required: true,
    parse: choiceCell('domain', DOMAIN_ZH),
    example: DOMAIN_ZH.ELDERLY_CARE,
    note: '见下方「服务领域可选值」',
  },
  {
    header: '最低报价（元）',
    field: 'priceMin',
    required: true,
    parse: yuanCell('priceMin'),
    example: '20000.00',
    note: '大于 0 的金额，单位元，最多两位小数',
  },
  { header: '最高报价（元）', field: 'priceMax', required: true, parse: yuanCell('priceMax'), example: '80000.00', note: '不低于最低报价' },
  { header: '年服务人次', field: 'annualBeneficiaries', required: true, parse: intCell('annualBeneficiaries'), example: 500, note: '1 至 10000000 的整数' },
];

/**
 * An organization's service catalogue (服务清单) in bulk: XLSX or CSV with the
 * template's Chinese headers, all or nothing, each row validated exactly as addOffering.
 */
@Controller('import')
@UseFilters(ImportErrorsFilter)
export class OfferingsImportController {
  constructor(
    private readonly directory: DirectoryService,
    private readonly throttle: ThrottleService,
  ) {}

  @Public()
  @Get('templates/offerings.xlsx')
  async template(): Promise<StreamableFile> {
    const file = await buildTemplate('服务清单', OFFERING_COLUMNS, [{ title: '服务领域', values: Object.values(DOMAIN_ZH) }]);
    return new StreamableFile(file, {
      type: XLSX_CONTENT_TYPE,
      disposition: `attachment; filename="offerings.xlsx"; filename*=UTF-8''${encodeURIComponent('服务清单模板.xlsx')}`,
    });
  }

  @Roles(Role.ORGANIZATION)
  @Post('offerings')
  @HttpCode(200)
  @UseInterceptors(ImportUpload())
  async importOfferings(
    @UploadedFile() file: UploadedSpreadsheet | undefined,
    @Query('dryRun') dryRunParam: string | undefined,
    @CurrentUser() principal: Principal,
  ): Promise<ImportResult> {
    const dryRun = isDryRun(dryRunParam);
    await this.throttle.importFile(principal.userId);
    if (!file) throw noFileSent();
    const sheet = await readSheet(file.buffer);
    const parsed = parseRows(sheet, OFFERING_COLUMNS, OfferingInput);
    const outcome = await this.directory.importOfferings(principal, parsed.rows, dryRun || parsed.errors.length > 0);
    const errors = [...parsed.errors, ...withColumns(outcome.errors, OFFERING_COLUMNS)].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const preview = dryRun ? previewOf(sheet) : undefined;
    if (errors.length) throw new ImportRejected(422, sheet.rows.length, errors, dryRun, preview);
    return { rows: sheet.rows.length, created: outcome.created, dryRun, errors: [], ...(preview ? { preview } : {}) };
  }
}
