import {
  buildTemplate,
  CurrentUser,
  ImportUpload,
  isDryRun,
  noFileSent,
  UploadedSpreadsheet,
  withColumns,
  ImportErrorsFilter,
  ImportRejected,
  ImportResult,
  parseRows,
  previewOf,
  Principal,
  Public,
  readSheet,
  Role,
  Roles,
  ThrottleService,
  XLSX_CONTENT_TYPE,
} from '@app/core';
import { Controller, Get, HttpCode, Post, Query, StreamableFile, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { PostNeedInput } from '../dto/need.inputs';
import { NeedsService } from '../needs.service';
import { COMMUNITY_COLUMN, NEED_COLUMNS, NEED_TEMPLATE_LISTS } from './needs-import.columns';

/**
 * Needs booklets (需求手册) in bulk: XLSX or CSV with the template's Chinese headers.
 * A community imports its own needs; an organizer any community's, one per row by the
 * 社区 column. All or nothing, validated row by row exactly as postNeed.
 */
@Controller('import')
@UseFilters(ImportErrorsFilter)
export class NeedsImportController {
  constructor(
    private readonly needs: NeedsService,
    private readonly throttle: ThrottleService,
  ) {}

  @Public()
  @Get('templates/needs.xlsx')
  async template(): Promise<StreamableFile> {
    const file = await buildTemplate('需求手册', [COMMUNITY_COLUMN, ...NEED_COLUMNS], NEED_TEMPLATE_LISTS);
    return new StreamableFile(file, {
      type: XLSX_CONTENT_TYPE,
      disposition: `attachment; filename="needs.xlsx"; filename*=UTF-8''${encodeURIComponent('需求手册模板.xlsx')}`,
    });
  }

  @Roles(Role.COMMUNITY, Role.ORGANIZER)
  @Post('needs')
  @HttpCode(200)
  @UseInterceptors(ImportUpload())
  async importNeeds(
    @UploadedFile() file: UploadedSpreadsheet | undefined,
    @Query('dryRun') dryRunParam: string | undefined,
    @CurrentUser() principal: Principal,
  ): Promise<ImportResult> {
    const dryRun = isDryRun(dryRunParam);
    await this.throttle.importFile(principal.userId);
    if (!file) throw noFileSent();
    const sheet = await readSheet(file.buffer);
    const communityColumn = { ...COMMUNITY_COLUMN, required: principal.role === Role.ORGANIZER };
    const parsed = parseRows(sheet, NEED_COLUMNS, PostNeedInput, [communityColumn]);
    const outcome = await this.needs.importNeeds(
      principal,
      parsed.rows.map((r) => ({ row: r.row, input: r.input, community: r.extra.community })),
      dryRun || parsed.errors.length > 0,
    );
    const errors = [...parsed.errors, ...withColumns(outcome.errors, [communityColumn, ...NEED_COLUMNS])].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const preview = dryRun ? previewOf(sheet) : undefined;
    if (errors.length) throw new ImportRejected(outcome.denied ? 403 : 422, sheet.rows.length, errors, dryRun, preview);
    return { rows: sheet.rows.length, created: outcome.created, dryRun, errors: [], ...(preview ? { preview } : {}) };
  }
}
