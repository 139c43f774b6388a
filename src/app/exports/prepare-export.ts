// Use case (query): an export of leads, orders, installments, receivables or the audit log for one asker — only the
// records their permission reaches (asked of can() owner by owner), phone and email masked where lead.contact does not
// reach, formula-looking CSV cells escaped — streamed as CSV or XLSX through a database cursor, and audited when done.
// Everything that can refuse is checked before the first byte, so a refusal is a clear error, never half a file.
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { type ExportRow, exportQuery, streamQuery } from '../../db/exports/export-queries.ts';
import { orgWide, type Resource } from '../../domain/access/can.ts';
import { maskLeadContact } from '../../domain/access/mask.ts';
import { forbidden, notFound } from '../../domain/errors.ts';
import { type Cell, csvLine } from '../../domain/exports/cells.ts';
import { cellOf, exportColumns, majorAmount } from '../../domain/exports/export-columns.ts';
import {
  checkExportFilters,
  type ExportRequest,
  exportAction,
  exportFileName,
  exportMime,
} from '../../domain/exports/export-request.ts';
import { exportStatusOf } from '../../domain/exports/export-status.ts';
import { nameOfLabel } from '../../domain/labels.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { decimalsOf } from '../../domain/money.ts';
import { periodInstants } from '../../domain/reports/period.ts';
import type { Person } from '../../domain/reports/tree.ts';
import { ancestorsByPerson } from '../../domain/roster/ancestors.ts';
import { localDate } from '../../domain/time.ts';
import { columnLabel } from '../../messages/catalogue/exports.ts';
import type { Locale } from '../../messages/model.ts';
import { accessActor, allowed } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { loadExcelJs } from '../files/load-exceljs.ts';
import { loadPeople } from '../reports/load-people.ts';
import { resolveLeadFilter } from '../reports/resolve-lead-filter.ts';
import { findPerson } from '../reports/resolve-report-scope.ts';
import { inTransaction } from '../unit-of-work.ts';

export interface PreparedExport {
  request: ExportRequest;
  fileName: string;
  mime: string;
  // Writes the whole file into `out` (and ends it); resolves with the rows written (the header not counted).
  writeTo(out: Writable): Promise<number>;
}

const resourceOf = (
  people: ReadonlyMap<string, Person>,
  ancestors: ReadonlyMap<string, readonly string[]>,
  id: string,
): Resource => ({
  ownerId: id,
  ownerManagers: ancestors.get(id) ?? [],
  region: people.get(id)?.region ?? null,
});

export async function prepareExport(
  deps: AppDeps,
  actor: Actor,
  request: ExportRequest,
  locale: Locale,
): Promise<PreparedExport> {
  checkExportFilters(request.kind, request.filters);
  // A source nobody has is refused listing the known ones, as the reports refuse it, never an empty file.
  const source =
    request.filters.source === undefined
      ? undefined
      : (await resolveLeadFilter(deps, { kind: 'source', value: request.filters.source })).value;
  const status =
    request.filters.status === undefined ? undefined : exportStatusOf(request.kind, request.filters.status);
  const people = await loadPeople(deps.db);
  const byId = new Map(people.map((p) => [p.id, p]));
  const ancestors = ancestorsByPerson(people);
  const action = exportAction[request.kind];
  const everyone = allowed(deps, actor, action, orgWide);
  let ownerIds: string[] | null = everyone
    ? null
    : request.kind === 'audit'
      ? []
      : people
          .filter((p) => allowed(deps, actor, action, resourceOf(byId, ancestors, p.id)))
          .map((p) => p.id);
  if (ownerIds?.length === 0) throw forbidden('export_forbidden', { kind: request.kind });
  const ownerRef = request.filters.owner;
  if (ownerRef !== undefined) {
    const owner = findPerson(people, ownerRef);
    if (!owner) throw notFound('report_unknown_person', { ref: ownerRef });
    if (ownerIds !== null && !ownerIds.includes(owner.id))
      throw forbidden('report_person_forbidden', { name: owner.name });
    ownerIds = [owner.id];
  }
  const timezone = deps.policy.org.timezone;
  const today = localDate(deps.clock.now(), timezone);
  const window = request.period
    ? { ...periodInstants(request.period, timezone), fromDay: request.period.from, toDay: request.period.to }
    : null;
  const query = exportQuery(request.kind, {
    ownerIds,
    window,
    today,
    timezone,
    status,
    source,
    // People type what cards show them: a region's label (华东, East) stands for its name.
    region:
      request.filters.region === undefined
        ? undefined
        : nameOfLabel(deps.policy.labels.book, 'regions', request.filters.region.trim()),
  });
  const columns = exportColumns[request.kind];
  const header = columns.map((c) => columnLabel(c.key, locale));
  const viewer = accessActor(actor);
  const resources = new Map<string, Resource>();
  // The lead as can() sees it: its owner and their managers, worked out once per owner rather than once per row.
  const leadOf = (ownerId: string | null): Resource => {
    if (!ownerId) return orgWide;
    let r = resources.get(ownerId);
    if (!r) {
      r = resourceOf(byId, ancestors, ownerId);
      resources.set(ownerId, r);
    }
    return r;
  };
  const cellsOf = (row: ExportRow): Cell[] => {
    const shown =
      request.kind === 'leads'
        ? {
            ...row,
            // L-000042, as chat, cards and the API name the lead.
            no: leadNumber(Number(row.no)),
            ...maskLeadContact(deps.policy.access, viewer, leadOf((row._owner as string | null) ?? null), {
              // Sealed at rest: opened here, then masked unless this viewer may see the lead's contact details.
              phone: deps.keyring.decrypt((row.phone as string | null) ?? null),
              email: deps.keyring.decrypt((row.email as string | null) ?? null),
            }),
          }
        : row;
    const decimals = decimalsOf(String(shown.currency ?? deps.policy.org.currency));
    return columns.map((c) => (c.money ? majorAmount(shown[c.key], decimals) : cellOf(shown[c.key])));
  };
  const fileName = exportFileName(request, today);
  return {
    request,
    fileName,
    mime: exportMime[request.format],
    writeTo: async (out) => {
      // The file goes through `file` so the download ends only after its audit row is committed: whoever holds the
      // whole file finds it in the audit log.
      const file = new PassThrough();
      file.pipe(out, { end: false });
      const rows =
        request.format === 'csv'
          ? await writeCsv(deps, query, header, cellsOf, file)
          : await writeXlsx(deps, query, header, cellsOf, file, request.kind);
      await finished(file);
      await inTransaction(deps, actor, (uow) =>
        uow.audit({
          action: 'export.create',
          entityType: 'export',
          entityId: fileName,
          // The filters as asked too: who exported which narrowing of the data, not only how many rows.
          after: {
            kind: request.kind,
            format: request.format,
            period: request.period,
            filters: request.filters,
            rows,
          },
        }),
      );
      await new Promise<void>((resolve) => out.end(resolve));
      return rows;
    },
  };
}

type Query = ReturnType<typeof exportQuery>;

async function writeCsv(
  deps: AppDeps,
  query: Query,
  header: string[],
  cellsOf: (row: ExportRow) => Cell[],
  out: Writable,
): Promise<number> {
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  // A BOM, so Excel opens UTF-8 (Chinese names) correctly.
  await write(`\uFEFF${csvLine(header)}`);
  const rows = await streamQuery(deps.db, query, async (batch) => {
    await write(batch.map((row) => csvLine(cellsOf(row))).join(''));
  });
  out.end();
  await once(out, 'finish');
  return rows;
}

async function writeXlsx(
  deps: AppDeps,
  query: Query,
  header: string[],
  cellsOf: (row: ExportRow) => Cell[],
  out: Writable,
  sheetName: string,
): Promise<number> {
  // Rows are committed as they come, so the workbook never holds more than a batch.
  const workbook = new (await loadExcelJs()).stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header).commit();
  const rows = await streamQuery(deps.db, query, async (batch) => {
    // Text cells as typed: a workbook's text never runs (only <f> does), so no apostrophe shows in "+86 …".
    for (const row of batch) sheet.addRow(cellsOf(row)).commit();
    // Let the zip stream flush to `out` before the next batch.
    if (out.writableNeedDrain) await once(out, 'drain');
  });
  sheet.commit();
  await workbook.commit();
  return rows;
}
