// Links to the council report for the web application [issue 13 "The council report"]: the download
// address of GET /api/reports/council and the half years one can ask for. Who may download which
// municipality's report is the server's to say (src/domain/access/policy.ts); a page only offers
// the link. Plain TypeScript, no framework: a React component renders these as <a download> links.
import { periodClosed } from './filters.ts';

export type CouncilReportFormat = 'pdf' | 'html';

/** The download address of a municipality's council report for a half year ("2028-H1"). */
export function councilReportHref(municipality: string, half: string, format: CouncilReportFormat = 'pdf'): string {
  const q = new URLSearchParams({ municipality, half, format });
  return `/api/reports/council?${q.toString()}`;
}

/** The links a page shows: the PDF and the HTML, with Dutch labels and the file name the server gives. */
export function councilReportLinks(municipality: string, half: string): { href: string; label: string; fileName: string }[] {
  return (['pdf', 'html'] as const).map((format) => ({
    href: councilReportHref(municipality, half, format),
    label: format === 'pdf' ? `Raadsrapportage ${half} (PDF)` : `Raadsrapportage ${half} (HTML)`,
    fileName: `raadsrapportage-${municipality}-${half}.${format}`,
  }));
}

/**
 * The half years whose report can be asked for, newest first: those from `firstYear` that the data
 * cover to their last day (`dataUpTo`, the API's Data-Up-To). A running half year is published to
 * others than the region once it is over in the data.
 */
export function reportableHalves(firstYear: number, dataUpTo: string | null): string[] {
  if (dataUpTo === null) return [];
  const halves: string[] = [];
  for (let year = firstYear; year <= Number(dataUpTo.slice(0, 4)); year++) {
    // over once the data reach its last working day, as the server counts it (a year whose data end
    // on Friday 29 December is over)
    if (periodClosed({ from: `${year}-01-01`, to: `${year}-06-30` }, dataUpTo)) halves.push(`${year}-H1`);
    if (periodClosed({ from: `${year}-07-01`, to: `${year}-12-31` }, dataUpTo)) halves.push(`${year}-H2`);
  }
  return halves.reverse();
}
