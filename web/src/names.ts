// Names beside the codes the API answers with: municipalities, areas, themes, care forms; REST and
// REGION, the others' rows of a scoped view, in words.
import type { Region } from './api.ts';
import type { Dimension } from './roles.ts';

export const REST = 'REST';
export const REGION = 'REGION';
export const OTHER_THEMES = 'OVERIG';

export interface Names {
  of(dimension: Dimension, code: string | undefined, row?: { providerCode?: string; providerName?: string | null }): string;
  municipality(code: string): string;
  careForm(code: string): string;
  theme(code: string): string;
  area(id: string): string;
}

const GENDER: Readonly<Record<string, string>> = { '1': 'man', '2': 'vrouw', '0': 'onbekend', '9': 'niet gespecificeerd', M: 'man', V: 'vrouw', O: 'onbekend' };

export function namesOf(region: Region | null): Names {
  const municipalities = new Map(region?.municipalities.map((m) => [m.code, m.name]) ?? []);
  const areas = new Map(region?.areas.map((a) => [a.id, a.name]) ?? []);
  const themes = new Map(region?.themes.map((t) => [t.code, t.name]) ?? []);
  const careForms = new Map(region?.careForms.map((c) => [c.category, c.name]) ?? []);
  const municipality = (code: string) => (code === REST ? 'Overige gemeenten (samen)' : (municipalities.get(code) ?? code));
  const theme = (code: string) => {
    if (code === OTHER_THEMES) return "Overige thema's (samengevoegd)";
    if (code === REGION || code === REST) return code === REGION ? 'Regio' : 'Overige';
    const parts = code.split('+');
    if (parts.length === 1) return themes.has(code) ? `${code} – ${themes.get(code)}` : code;
    return `Thema's ${parts.join(' + ')}`;
  };
  const careForm = (code: string) => (careForms.has(code) ? `${code} – ${careForms.get(code)}` : code);
  const area = (id: string) => (id === REST ? 'Overige gemeenten (samen)' : (areas.get(id) ?? id));
  return {
    municipality,
    theme,
    careForm,
    area,
    of(dimension, code, row) {
      if (code === undefined || code === '') return 'onbekend';
      switch (dimension) {
        case 'municipality':
          return municipality(code);
        case 'area':
          return area(code);
        case 'theme':
          return theme(code);
        case 'care_form':
          return careForm(code);
        case 'provider': {
          const c = row?.providerCode ?? code;
          if (c === REGION) return 'Regio (alle aanbieders samen)';
          return row?.providerName ? `${row.providerName} (${c})` : c;
        }
        case 'gender':
          return GENDER[code] ?? code;
        case 'age_group':
          return `${code} jaar`;
      }
    },
  };
}
