// The download of a table: GET /api/export/<table>?format=csv|xlsx with the query of the table's own
// route. The server writes the file with the filters in it and records the export in the audit log.
import { withQuery } from '../api.ts';

export type ExportTable = 'reach' | 'waiting' | 'timeliness' | 'messages' | 'lumpsums' | 'payments' | 'budgets' | 'ledger';

export interface ExportTarget {
  readonly table: ExportTable;
  readonly query: Readonly<Record<string, string | number | undefined>>;
}

export function exportHref(target: ExportTarget, format: 'csv' | 'xlsx'): string {
  return withQuery(`/api/export/${target.table}`, { ...target.query, format });
}

export function ExportLinks({ target, what }: { target: ExportTarget; what: string }) {
  return (
    <p className="utrecht-paragraph jr-export">
      Downloaden:{' '}
      <a className="utrecht-link jr-export__link" href={exportHref(target, 'csv')} download aria-label={`${what} downloaden als CSV`}>
        CSV
      </a>{' '}
      <a className="utrecht-link jr-export__link" href={exportHref(target, 'xlsx')} download aria-label={`${what} downloaden als XLSX`}>
        XLSX
      </a>
    </p>
  );
}
