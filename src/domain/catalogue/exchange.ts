// Refusals about files going in and out through the web: uploads (a budget import, the cost report
// of a settlement), exports and the jobs that run long work [issue 13 "every table exportable",
// "Long work (imports, rebuilds) shows progress"; docs/access.md].
import { entry } from './entry.ts';

export const EXCHANGE_REFUSALS = {
  UPLOAD_TOO_LARGE: entry<{ max: string }>(
    413,
    (p) => `the file is larger than ${p.max}, the most an upload takes; split the table over several files`,
    (p) => `het bestand is groter dan ${p.max}, het meeste dat een upload aanneemt; verdeel de tabel over meer bestanden`,
  ),
  UPLOAD_MEDIA_TYPE: entry<{ type: string }>(
    415,
    (p) => `the body is ${p.type}: send the file itself as the body, with Content-Type text/csv (CSV UTF-8) or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet (.xlsx)`,
    (p) => `de inhoud is ${p.type}: stuur het bestand zelf als inhoud, met Content-Type text/csv (CSV UTF-8) of application/vnd.openxmlformats-officedocument.spreadsheetml.sheet (.xlsx)`,
  ),
  UPLOAD_EMPTY: entry(
    400,
    () => 'no file came with the request: send the CSV or XLSX file as the body',
    () => 'er kwam geen bestand mee met het verzoek: stuur het CSV- of XLSX-bestand als inhoud',
  ),
  UPLOAD_NAME_INVALID: entry<{ name: string }>(
    400,
    (p) => `"${p.name}" is not a file name this upload takes: give the name alone (no folders), ending in .csv or .xlsx`,
    (p) => `"${p.name}" is geen bestandsnaam die deze upload aanneemt: geef alleen de naam (geen mappen), eindigend op .csv of .xlsx`,
  ),
  JOB_UNKNOWN: entry<{ id: string }>(
    404,
    (p) => `there is no job ${p.id}: jobs are kept in the server's memory for a day after they end, and not across a restart; start it again`,
    (p) => `er is geen taak ${p.id}: taken blijven tot een dag na hun einde in het geheugen van de server, en niet over een herstart heen; start haar opnieuw`,
  ),
} as const;
