// What a name can leak. A delivered file is often named after what is in it ("Jansen 999900006.xml",
// "JW305_2010-02-14.xml"), and its name is reported and stored (ijw_message.source_file,
// ijw_rejection.source_file). Before a name is reported or stored, every BSN-shaped number in it is
// left out, and so is every person value of the message itself (BSN, names, birth date, address,
// phone, e-mail) in the forms a name would carry it. The values are found by element name in the raw
// text, so this works for a message that is not even well-formed XML.
import { isValidBsn } from '../domain/bsn.ts';
import type { XmlElement } from './xml-reader.ts';

/** What replaces a left-out part of a name. */
export const LEFT_OUT = '«weggelaten»';

/** Elements whose text is person data (any prefix; in any message of the standard). */
const PERSON_ELEMENTS = /<(?:[\w.-]+:)?(Bsn|Achternaam|Voornamen|Voorletters|Straatnaam|Plaatsnaam|Postcode|Emailadres|Telefoonnummer|Nummer|Datum)(?:\s[^>]*)?>([^<]*)</g;

/** Values shorter than this are not searched for in a name: too short to be told from other text. */
const MIN_LENGTH = 3;

/** The other forms a file name could carry a value in: a date 2010-02-14 also as 20100214, 14-02-2010, …; spaces left out or as "_", "-", ".". */
function formsOf(value: string): string[] {
  const forms = [value];
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) {
    const [, y, mo, d] = date;
    forms.push(`${y}${mo}${d}`, `${d}-${mo}-${y}`, `${d}${mo}${y}`, `${d}.${mo}.${y}`, `${d}_${mo}_${y}`, `${y}_${mo}_${d}`);
  }
  if (/\s/.test(value)) for (const sep of ['', '_', '-', '.']) forms.push(value.replace(/\s+/g, sep));
  return forms;
}

/**
 * The person values in a message's raw text. Datum counts only where it is a birth date (inside
 * Geboortedatum), Nummer only a relation's person number. For a message that could not be read as XML.
 */
export function personValues(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(PERSON_ELEMENTS)) {
    const element = m[1]!;
    if (element === 'Datum' && !/Geboortedatum>\s*(?:<[^>]*>\s*)*$/.test(text.slice(Math.max(0, m.index - 200), m.index))) continue;
    if (element === 'Nummer' && !/Relatie>\s*(?:<[^>]*>\s*)*$/.test(text.slice(Math.max(0, m.index - 200), m.index))) continue;
    const v = m[2]!.trim();
    if (v.length >= MIN_LENGTH) found.add(v);
  }
  return [...found];
}

const PERSON_LEAVES = new Set(['Bsn', 'Achternaam', 'Voornamen', 'Voorletters', 'Straatnaam', 'Plaatsnaam', 'Postcode', 'Emailadres', 'Telefoonnummer']);

/** The same from a message read as XML: the leaves of its client part (cheaper than searching the text). */
export function personValuesOf(root: XmlElement): string[] {
  const found: string[] = [];
  const walk = (el: XmlElement, parent: string) => {
    let leaf = true;
    for (const c of el.children) {
      if (c.kind !== 'element') continue;
      leaf = false;
      walk(c, el.local);
    }
    if (!leaf) return;
    if (PERSON_LEAVES.has(el.local) || (el.local === 'Datum' && parent === 'Geboortedatum') || (el.local === 'Nummer' && parent === 'Relatie')) {
      for (const c of el.children) {
        if (c.kind !== 'text') continue;
        const v = c.value.trim();
        if (v.length >= MIN_LENGTH) found.push(v);
      }
    }
  };
  for (const c of root.children) if (c.kind === 'element' && c.local !== 'Header') walk(c, root.local);
  return found;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `name` with every BSN-shaped number (nine digits that pass the eleven-test, standing alone) and
 * every one of `values` in any of its forms (case-insensitive) left out. The rest of the name stays
 * as it was. Every form of a value holds its first word (of a date: its year), so a value whose first
 * word is not in the name costs one search.
 */
export function redactName(name: string, values: readonly string[] = []): string {
  let out = /\d{9}/.test(name) ? name.replace(/(?<!\d)\d{9}(?!\d)/g, (d) => (isValidBsn(d) ? LEFT_OUT : d)) : name;
  let lower = out.toLowerCase();
  const forms: string[] = [];
  for (const v of values) {
    const isDate = v.length === 10 && v.charCodeAt(4) === 0x2d && v.charCodeAt(7) === 0x2d;
    const space = v.search(/\s/);
    const probe = isDate ? v.slice(0, 4) : space === -1 ? v : v.slice(0, space);
    if (lower.includes(probe.toLowerCase())) forms.push(...formsOf(v));
  }
  // longest first, so "Vries" does not cut "de Vries" in two
  forms.sort((a, b) => b.length - a.length);
  for (const f of forms) {
    if (!lower.includes(f.toLowerCase())) continue;
    out = out.replace(new RegExp(escape(f), 'gi'), LEFT_OUT);
    lower = out.toLowerCase();
  }
  return out;
}
