import { DomainError, ErrorCode, PrincipalVerifier, Public, Role } from '@app/core';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { InsightErrors } from '../insight.errors';
import { ExportFile, ExportService } from './export.service';

/** What the routes use of Express's request and response. */
interface Request {
  headers: { authorization?: string };
}
interface Response {
  status(code: number): Response;
  setHeader(name: string, value: string): void;
  send(body: Buffer | string): void;
  json(body: unknown): void;
}

/** Who may download the exports: the fair's organizers and admins. */
const EXPORT_ROLES: readonly Role[] = [Role.ORGANIZER, Role.ADMIN];

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.TOO_MANY_REQUESTS]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

/**
 * GET /export/...: the files, with the same bearer token as /graphql (the web app downloads
 * them with fetch and a blob). The GraphQL guard reads the principal from GraphQL's context,
 * so these routes verify the token themselves; a refusal answers in GraphQL's error shape
 * with the matching HTTP status.
 */
@Public()
@Controller('export')
export class ExportController {
  constructor(
    private readonly exports: ExportService,
    private readonly verifier: PrincipalVerifier,
  ) {}

  @Get('sessions/:id/results.xlsx')
  sessionResults(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(req, res, () => this.exports.sessionResults(id));
  }

  @Get('fairs/:id/contracts.xlsx')
  fairContracts(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(req, res, () => this.exports.fairContracts(id));
  }

  @Get('fairs/:id/ocds.json')
  ocdsJson(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(req, res, () => this.exports.ocdsJson(id));
  }

  @Get('fairs/:id/ocds.csv')
  ocdsCsv(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(req, res, () => this.exports.ocdsCsv(id));
  }

  private async send(req: Request, res: Response, produce: () => Promise<ExportFile>): Promise<void> {
    try {
      const verified = await this.verifier.verify(req.headers.authorization);
      if (!verified) throw InsightErrors.signInToExport();
      if (!EXPORT_ROLES.includes(verified.principal.role)) throw InsightErrors.exportForbidden(EXPORT_ROLES);
      const file = await produce();
      res.status(200);
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
      res.setHeader('Cache-Control', 'no-store');
      res.send(file.body);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(STATUS[error.code] ?? 400).json({ errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] });
    }
  }
}
