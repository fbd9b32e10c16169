// The download of a table: GET /api/export/<table>?format=csv|xlsx with the query of the table on
// screen (web/src/exports.ts). The server writes the file with the filters in it and records the
// export in the audit log.
import { exportHref, type ExportTarget } from '../exports.ts';

export type { ExportTable, ExportTarget } from '../exports.ts';
export { exportHref } from '../exports.ts';

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
