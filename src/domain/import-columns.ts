// Columns that several table imports share: the region's municipalities and the year's providers.
import type { Municipality } from './region.ts';
import { codeCell, type CellType } from './table-cells.ts';

/**
 * A municipality is named by its CBS code or its name (case-insensitive). Codes are four digits, but
 * Excel drops leading zeros when it opens a CSV ("0363" → 363), so 1–4 digits are padded to four;
 * CBS's own "GM0363" notation is accepted too. Padding cannot pick a wrong municipality, because the
 * result must still be one of the region's codes.
 */
export function findMunicipality(text: string, municipalities: readonly Municipality[]): Municipality | undefined {
  const value = text.trim();
  const code = /^(?:GM)?(\d{1,4})$/i.exec(value);
  if (code) return municipalities.find((m) => m.code === code[1]!.padStart(4, '0'));
  const name = normaliseName(value);
  return municipalities.find((m) => normaliseName(m.name) === name);
}

function normaliseName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function municipalityCell(municipalities: readonly Municipality[]): CellType<Municipality> {
  const known = municipalities.map((m) => `${m.name} (${m.code})`).join(', ');
  return codeCell({
    expected: { en: 'a municipality of the region (CBS code or name)', nl: 'een gemeente van de regio (CBS-code of naam)' },
    find: (text) => findMunicipality(text, municipalities),
    unknown: (text) => ({
      en: `unknown municipality "${text}"; use a CBS code or name of this region: ${known}`,
      nl: `onbekende gemeente "${text}"; gebruik een CBS-code of naam uit deze regio: ${known}`,
    }),
  });
}

/** A provider by its code, case-insensitive; `context` says where the list comes from ("with a lump sum in 2028"). */
export function providerCell(providers: readonly string[], context: { readonly en: string; readonly nl: string }): CellType<string> {
  const byUpper = new Map(providers.map((p) => [p.toUpperCase(), p]));
  return codeCell({
    expected: { en: `a provider ${context.en}`, nl: `een aanbieder ${context.nl}` },
    find: (text) => byUpper.get(text.toUpperCase()),
    unknown: (text) => ({
      en: `unknown provider "${text}"; the providers ${context.en} are ${providers.join(', ')}`,
      nl: `onbekende aanbieder "${text}"; de aanbieders ${context.nl} zijn ${providers.join(', ')}`,
    }),
  });
}
