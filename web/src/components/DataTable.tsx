// A table as every page shows one: a caption, column headers, row headers, numbers aligned right,
// hidden counts written out, scrollable on a phone (and reachable by keyboard), and the download of
// the same table as CSV and XLSX from the server (GET /api/export/…, the filters in the file).
import type { ReactNode } from 'react';
import { ExportLinks, type ExportTarget } from './ExportLinks.tsx';
import { HIDDEN_WHY } from '../format.ts';

export interface Column<R> {
  readonly key: string;
  readonly header: string;
  readonly numeric?: boolean;
  /** The row's header cell (th scope=row): what the row is about. */
  readonly rowHeader?: boolean;
  readonly cell: (row: R) => ReactNode;
}

export interface DataTableProps<R> {
  readonly id: string;
  readonly caption: string;
  readonly columns: readonly Column<R>[];
  readonly rows: readonly R[];
  readonly rowKey: (row: R, index: number) => string;
  readonly exportAs?: ExportTarget | undefined;
  readonly empty?: string;
  readonly footer?: readonly ReactNode[] | undefined;
  readonly note?: ReactNode;
}

export function DataTable<R>({ id, caption, columns, rows, rowKey, exportAs, empty, footer, note }: DataTableProps<R>) {
  return (
    <div className="jr-table-block">
      <div className="utrecht-table-container utrecht-table-container--overflow-inline jr-scroll" role="region" aria-label={`Tabel: ${caption}`} tabIndex={0}>
        <table className="utrecht-table utrecht-table--html-table jr-table" id={id}>
          <caption className="utrecht-table__caption jr-table__caption" id={`${id}-caption`}>
            {caption}
          </caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              {columns.map((c) => (
                <th key={c.key} scope="col" className={`utrecht-table__header-cell${c.numeric ? ' utrecht-table__header-cell--numeric-column' : ''}`}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {rows.length === 0 ? (
              <tr className="utrecht-table__row">
                <td className="utrecht-table__cell" colSpan={columns.length}>
                  {empty ?? 'Geen gegevens voor deze keuze.'}
                </td>
              </tr>
            ) : (
              rows.map((r, i) => (
                <tr className="utrecht-table__row" key={rowKey(r, i)}>
                  {columns.map((c) =>
                    c.rowHeader ? (
                      <th key={c.key} scope="row" className="utrecht-table__header-cell jr-row-header">
                        {c.cell(r)}
                      </th>
                    ) : (
                      <td key={c.key} className={`utrecht-table__cell${c.numeric ? ' utrecht-table__cell--numeric-data' : ''}`}>
                        {c.cell(r)}
                      </td>
                    ),
                  )}
                </tr>
              ))
            )}
          </tbody>
          {footer ? (
            <tfoot className="utrecht-table__footer">
              <tr className="utrecht-table__row">
                {footer.map((f, i) =>
                  i === 0 ? (
                    <th key={i} scope="row" className="utrecht-table__header-cell jr-row-header">
                      {f}
                    </th>
                  ) : (
                    <td key={i} className={`utrecht-table__cell${columns[i]?.numeric ? ' utrecht-table__cell--numeric-data' : ''}`}>
                      {f}
                    </td>
                  ),
                )}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      {note ? <p className="utrecht-paragraph jr-note">{note}</p> : null}
      {exportAs ? <ExportLinks target={exportAs} what={caption} /> : null}
    </div>
  );
}

/** A count cell: the number, or "afgeschermd" marked for the eye and spelled out for a screen reader. */
export function CountCell({ value, format }: { value: number | null | undefined; format: (n: number) => string }) {
  if (value === null || value === undefined) {
    return (
      <span className="jr-hidden-value" title={HIDDEN_WHY}>
        afgeschermd<span className="jr-visually-hidden"> ({HIDDEN_WHY})</span>
      </span>
    );
  }
  return <>{format(value)}</>;
}
