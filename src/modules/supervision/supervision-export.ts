import ExcelJS from 'exceljs';
import { Router, type Request, type Response } from 'express';
import type { Viewer } from '../../core/auth';
import type { HubContext } from '../../core/context';
import { HubError } from '../../core/errors';
import { loggableError, type Logger } from '../../core/logger';
import { namesFor } from './supervision-names';
import { SupervisionGroupBy, type SupervisionGroup, type SupervisionReport } from './supervision.types';

/** The export's columns: Chinese header and the figure. No personal data is in a report. */
export const SUPERVISION_COLUMNS: readonly { header: string; value: (g: SupervisionGroup) => string | number }[] = [
  { header: '分组', value: (g) => g.key },
  { header: '名称', value: (g) => g.label },
  { header: '报告事件数', value: (g) => g.casesReported },
  { header: '受理用时中位数（小时）', value: (g) => g.reportToAccept.p50Hours ?? '' },
  { header: '受理用时90分位（小时）', value: (g) => g.reportToAccept.p90Hours ?? '' },
  { header: '核实用时中位数（小时）', value: (g) => g.reportToVerify.p50Hours ?? '' },
  { header: '核实用时90分位（小时）', value: (g) => g.reportToVerify.p90Hours ?? '' },
  { header: '首次救助用时中位数（小时）', value: (g) => g.reportToFirstAssistance.p50Hours ?? '' },
  { header: '首次救助用时90分位（小时）', value: (g) => g.reportToFirstAssistance.p90Hours ?? '' },
  { header: '核实超时', value: (g) => g.casesVerifyOverdue },
  { header: '救助超时', value: (g) => g.casesRespondOverdue },
  { header: '加急事件', value: (g) => g.expeditedCases },
  { header: '补办超时', value: (g) => g.expeditedPaperworkOverdue },
  { header: '转介发出', value: (g) => g.referralsSent },
  { header: '转介接收', value: (g) => g.referralsAccepted },
  { header: '转介拒绝', value: (g) => g.referralsDeclined },
  { header: '转介完成', value: (g) => g.referralsCompleted },
  { header: '转介超时', value: (g) => g.referralsOverdue },
  { header: '上报未满足需求', value: (g) => g.needsEscalatedUnmet },
  { header: '救助记录数', value: (g) => g.aid.reduce((n, a) => n + a.records, 0) },
  { header: '救助金额（元）', value: (g) => (g.aid.reduce((n, a) => n + a.amountFen, 0) / 100).toFixed(2) },
  { header: '重复救助提示', value: (g) => g.duplicateAidFlags },
  { header: '排摸户数', value: (g) => g.householdsScreened },
  { header: '预警发出', value: (g) => g.flagsRaised },
  { header: '预警解除', value: (g) => g.flagsResolved },
];

const PROVIDER_HEADERS = [
  '分组',
  '社会组织',
  '收到转介',
  '已接收',
  '已拒绝',
  '已完成',
  '接收用时中位数（小时）',
  '完成用时中位数（小时）',
];

function csvCell(value: string | number): string {
  const text = String(value);
  // Quote everything that needs it; a leading = + - @ would be read as a formula by spreadsheets.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The report as CSV (UTF-8 with a BOM, so spreadsheet programs read the Chinese headers). */
export function supervisionCsv(report: SupervisionReport): string {
  const lines = [SUPERVISION_COLUMNS.map((c) => csvCell(c.header)).join(',')];
  for (const group of report.groups) lines.push(SUPERVISION_COLUMNS.map((c) => csvCell(c.value(group))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The report as an XLSX workbook: the same table as the CSV, and a sheet of provider performance. */
export async function supervisionXlsx(report: SupervisionReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Jiujinan Hub';
  const sheet = workbook.addWorksheet('督查报告');
  sheet.addRow(SUPERVISION_COLUMNS.map((c) => c.header));
  for (const group of report.groups) sheet.addRow(SUPERVISION_COLUMNS.map((c) => c.value(group)));
  const providers = workbook.addWorksheet('社会组织绩效');
  providers.addRow(PROVIDER_HEADERS);
  for (const group of report.groups) {
    for (const p of group.providers) {
      providers.addRow([
        group.key,
        p.name,
        p.sent,
        p.accepted,
        p.declined,
        p.completed,
        p.hoursToAcceptP50 ?? '',
        p.hoursToCompleteP50 ?? '',
      ]);
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function query(req: Request, name: string): string {
  const value = req.query[name];
  return typeof value === 'string' ? value : '';
}

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400, NOT_FOUND: 404 };

/**
 * GET /reports/supervision.csv|.xlsx?areaCode=&from=&to=&groupBy= — the same report, the same
 * bearer-token rules (auditors and coordinators of the area), as files.
 */
export function createSupervisionRouter(deps: {
  viewerOf: (authorization: string | undefined) => Promise<Viewer | null>;
  context: (viewer: Viewer | null) => HubContext;
  log: Logger;
}): Router {
  const router = Router();
  const handle = (format: 'csv' | 'xlsx') => async (req: Request, res: Response) => {
    try {
      const viewer = await deps.viewerOf(req.get('authorization'));
      const groupBy = query(req, 'groupBy') || 'STREET';
      if (!(groupBy in SupervisionGroupBy)) {
        res.status(400).json({ error: 'groupBy 须为 STREET、DISTRICT 或 MONTH (invalid groupBy)' });
        return;
      }
      const ctx = deps.context(viewer);
      const report = await ctx.services.supervision.report(
        ctx.em,
        viewer,
        {
          areaCode: query(req, 'areaCode'),
          from: query(req, 'from'),
          to: query(req, 'to'),
          groupBy: groupBy as SupervisionGroupBy,
        },
        namesFor(ctx),
      );
      const file = `supervision-${report.areaCode}-${report.from}-${report.to}.${format}`;
      res.set('Content-Disposition', `attachment; filename="${file}"`);
      res.set('Cache-Control', 'no-store');
      if (format === 'csv') {
        res.type('text/csv; charset=utf-8').send(supervisionCsv(report));
      } else {
        res
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .send(await supervisionXlsx(report));
      }
    } catch (error) {
      if (error instanceof HubError) {
        const code = String(error.extensions.code);
        res.status(STATUS[code] ?? 400).json({ error: error.message, code });
        return;
      }
      deps.log.error({ err: loggableError(error) }, 'supervision export fault');
      res.status(500).json({ error: 'internal error' });
    }
  };
  router.get('/supervision.csv', handle('csv'));
  router.get('/supervision.xlsx', handle('xlsx'));
  return router;
}
