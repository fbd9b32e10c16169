// Every refusal Jeugdregie gives is a Refusal: a code from the one catalogue (src/domain/catalogue),
// the facts its message needs, and where the problem is (file, sheet, row, column, line, element,
// option). The catalogue turns it into a sentence in Dutch or English; the CLI and the API each map
// it once. Anything that is not a Refusal is a bug and is reported as such, without internals.
import { CATALOGUE, type HttpStatus, type ParamsOf, type RefusalCode } from './catalogue/index.ts';

export type { RefusalCode, ParamsOf } from './catalogue/index.ts';
export type Lang = 'nl' | 'en';

/** Where a problem is. Every part is optional; what is known is named, in this order. */
export interface Where {
  readonly file?: string;
  readonly sheet?: string;
  readonly row?: number;
  readonly column?: string;
  /** A cell reference such as "C5" (spreadsheets), when the column letter helps the reader. */
  readonly cell?: string;
  readonly line?: number;
  /** An element path in an XML message, such as /Bericht/Client/Bsn. */
  readonly path?: string;
  /** A command-line option or request parameter, such as --year. */
  readonly option?: string;
}

const WORDS: Record<Lang, { sheet: string; row: string; column: string; cell: string; line: string }> = {
  en: { sheet: 'sheet', row: 'row', column: 'column', cell: 'cell', line: 'line' },
  nl: { sheet: 'blad', row: 'rij', column: 'kolom', cell: 'cel', line: 'regel' },
};

/** "budget.xlsx, sheet Begroting, row 5, column amount_eur" (or in Dutch); '' when nothing is known. */
export function formatWhere(where: Where | undefined, lang: Lang): string {
  if (!where) return '';
  const w = WORDS[lang];
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(where.file);
  if (where.sheet !== undefined) parts.push(`${w.sheet} ${where.sheet}`);
  if (where.row !== undefined) parts.push(`${w.row} ${where.row}`);
  if (where.column !== undefined) parts.push(`${w.column} ${where.column}`);
  if (where.cell !== undefined) parts.push(`${w.cell} ${where.cell}`);
  if (where.line !== undefined) parts.push(`${w.line} ${where.line}`);
  if (where.path !== undefined) parts.push(where.path);
  if (where.option !== undefined) parts.push(where.option);
  return parts.join(', ');
}

type Args<C extends RefusalCode> = Record<never, never> extends ParamsOf<C> ? [params?: ParamsOf<C>, where?: Where] : [params: ParamsOf<C>, where?: Where];

export class Refusal<C extends RefusalCode = RefusalCode> extends Error {
  readonly code: C;
  readonly params: ParamsOf<C>;
  readonly where: Where | undefined;
  /** Further problems of the same refusal (every problem of a file, not only the first). */
  readonly problems: readonly Refusal[];

  constructor(code: C, ...[params, where]: Args<C>) {
    const p = (params ?? {}) as ParamsOf<C>;
    super(render(code, p, where, 'en'));
    this.name = 'Refusal';
    this.code = code;
    this.params = p;
    this.where = where;
    this.problems = [];
  }

  /** A refusal that stands for a list of problems, each with its own place. */
  static withProblems<C extends RefusalCode>(problems: readonly Refusal[], code: C, ...args: Args<C>): Refusal<C> {
    return new Refusal(code, ...args).attach(problems);
  }

  /** Attaches the problems (and lists them in `message`, for logs and tests; the CLI prints one per line). */
  protected attach(problems: readonly Refusal[]): this {
    (this as { problems: readonly Refusal[] }).problems = problems;
    this.message = [this.text('en'), ...problems.map((p) => p.text('en'))].join('\n');
    return this;
  }

  get status(): HttpStatus {
    const e = CATALOGUE[this.code];
    if (this.code === 'REFUSED') {
      const s = (this.params as { status?: number }).status;
      if (s !== undefined) return s as HttpStatus;
    }
    return e.status;
  }

  /** The one-line message in a language, with its place in front. */
  text(lang: Lang): string {
    return render(this.code, this.params, this.where, lang);
  }
}

function render<C extends RefusalCode>(code: C, params: ParamsOf<C>, where: Where | undefined, lang: Lang): string {
  const template = CATALOGUE[code][lang] as (p: ParamsOf<C>) => string;
  const place = formatWhere(where, lang);
  return place ? `${place}: ${template(params)}` : template(params);
}

export function isRefusal(e: unknown): e is Refusal {
  return e instanceof Refusal;
}
