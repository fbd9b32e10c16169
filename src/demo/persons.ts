// Fictional young people for the demo traffic: BSNs, names, birth dates and addresses.
// Every person is invented. BSNs come only from the numbers 999xxxxxx that pass the eleven-test:
// first the test range 9999xxxxx (999900000–999999999, 9,091 numbers), and only when a run needs
// more persons than that the rest of 999xxxxxx (999000000–999899999, 81,818 numbers; see
// docs/demo-data.md, "BSNs"). Names are drawn independently from lists of common first names and
// surnames, street names are generic, and the two postcode letters are random, so any resemblance
// to a real person or address is accidental.

import { isValidBsn } from '../domain/bsn.ts';
import type { Rng } from './random.ts';

/** The eleven-test (elfproef) of a BSN: the one rule of src/domain/bsn.ts. */
export { isValidBsn as passesElevenTest };

/** Every number in [from, to] that passes the eleven-test, ascending. */
function elevenTestNumbers(from: number, to: number): readonly string[] {
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const s = String(n);
    if (isValidBsn(s)) out.push(s);
  }
  return Object.freeze(out);
}

let testBsnCache: readonly string[] | undefined;

/**
 * Every number 999900000–999999999 that passes the eleven-test, ascending: 9,091 test BSNs. No
 * other BSN is ever generated.
 */
export function testBsns(): readonly string[] {
  testBsnCache ??= elevenTestNumbers(999_900_000, 999_999_999);
  return testBsnCache;
}

let extendedBsnCache: readonly string[] | undefined;

/**
 * Every number 999000000–999899999 that passes the eleven-test, ascending: 81,818 numbers. The
 * demo's extended range, used only after the 9,091 test BSNs: together 90,909 numbers, all with
 * the visible prefix 999.
 */
export function extendedBsns(): readonly string[] {
  extendedBsnCache ??= elevenTestNumbers(999_000_000, 999_899_999);
  return extendedBsnCache;
}

/** A 999xxxxxx number that fails the eleven-test (for faulty messages): a valid one with its last digit changed. */
export function failingTestBsn(valid: string, rng: Rng): string {
  const last = valid.charCodeAt(8) - 48;
  const bumped = (last + 1 + rng.int(8)) % 10; // never the original digit
  const candidate = valid.slice(0, 8) + String(bumped);
  // Changing only the check digit always breaks the test, unless it lands on another valid
  // digit, which cannot happen: exactly one check digit fits (or none).
  return isValidBsn(candidate) ? valid.slice(0, 8) + String((bumped + 1) % 10) : candidate;
}

export interface PersonName {
  readonly achternaam: string;
  readonly voorvoegsel?: string;
  readonly voornamen: string;
  readonly voorletters: string;
}

export interface Address {
  readonly straatnaam: string;
  readonly huisnummer: number;
  readonly huisletter?: string;
  /** Six characters: PC4 + two letters, e.g. 1062KT. */
  readonly postcode: string;
  readonly plaatsnaam: string;
}

const BOYS = [
  'Noah', 'Sem', 'Liam', 'Luca', 'Daan', 'Lucas', 'Finn', 'Levi', 'Milan', 'Mees', 'Adam', 'Bram',
  'Jesse', 'Thomas', 'Sam', 'Mohamed', 'Yusuf', 'Ayoub', 'Amir', 'Ibrahim', 'Omar', 'Mats',
  'Thijs', 'Ruben', 'Jayden', 'Dex', 'Julian', 'Tim', 'Lars', 'Hugo', 'Max', 'Stijn', 'Kyan',
  'Jurre', 'Emir', 'Mustafa', 'Rayan', 'Sven', 'Teun', 'Gijs', 'Quinten', 'Kevin', 'Dylan',
  'Ilyas', 'Anas', 'Mika', 'Boaz', 'Olivier', 'Xavi', 'Youssef', 'Jamal', 'Rafael', 'Tobias',
];

const GIRLS = [
  'Emma', 'Julia', 'Mila', 'Tess', 'Sophie', 'Zoë', 'Sara', 'Nora', 'Yara', 'Eva', 'Liv', 'Lotte',
  'Noor', 'Nour', 'Fenna', 'Saar', 'Anna', 'Evi', 'Lieke', 'Roos', 'Fatima', 'Amira', 'Yasmina',
  'Hiba', 'Ilse', 'Lina', 'Maud', 'Femke', 'Isa', 'Fleur', 'Sanne', 'Jasmijn', 'Elif', 'Zeynep',
  'Aya', 'Malak', 'Naomi', 'Shanice', 'Kiki', 'Romy', 'Floor', 'Vera', 'Ella', 'Luna', 'Hanna',
  'Ivy', 'Sofia', 'Amber', 'Demi', 'Esmee', 'Layla', 'Meryem', 'Priya', 'Chloé', 'Merel',
];

/** Surname with optional prefix (voorvoegsel). */
const SURNAMES: readonly (readonly [string, string?])[] = [
  ['Jong', 'de'], ['Jansen'], ['Vries', 'de'], ['Berg', 'van den'], ['Dijk', 'van'], ['Bakker'],
  ['Janssen'], ['Visser'], ['Smit'], ['Meijer'], ['Boer', 'de'], ['Mulder'], ['Groot', 'de'],
  ['Bos'], ['Vos'], ['Peters'], ['Hendriks'], ['Leeuwen', 'van'], ['Dekker'], ['Brouwer'],
  ['Wit', 'de'], ['Dijkstra'], ['Smits'], ['Graaf', 'de'], ['Meer', 'van der'], ['Linden', 'van der'],
  ['Kok'], ['Jacobs'], ['Haan', 'de'], ['Vermeulen'], ['Heuvel', 'van den'], ['Veen', 'van der'],
  ['Broek', 'van den'], ['Bruijn', 'de'], ['Schouten'], ['Beek', 'van'], ['Willems'], ['Wijk', 'van'],
  ['Hoekstra'], ['Koster'], ['Prins'], ['Postma'], ['Kuipers'], ['Maas'], ['Verhoeven'],
  ['Yilmaz'], ['Kaya'], ['Demir'], ['Şahin'], ['Çelik'], ['Öztürk'], ['Aydın'],
  ['Amrani', 'el'], ['Bouzid'], ['Idrissi', 'el'], ['Ouali'], ['Haddou'], ['Azzouzi'], ['Tahiri'],
  ['Benali'], ['Boukhari'], ['Mansouri'], ['Ziani'], ['Kasmi'],
  ['Pinas'], ['Doelwijt'], ['Kromowidjojo'], ['Sabajo'], ['Wijngaarde'], ['Ramdin'], ['Biharie'],
  ['Mensah'], ['Owusu'], ['Asante'], ['Tesfay'], ['Haile'], ['Nguyen'], ['Kowalski'], ['Nowak'],
  ['Santos', 'dos'], ['Silva', 'da'], ['Costa'], ['Rossi'], ['Ahmadi'], ['Hosseini'], ['Rahimi'],
];

const STREETS = [
  'Lindelaan', 'Kastanjestraat', 'Molenweg', 'Dorpsstraat', 'Kerkstraat', 'Schoolstraat',
  'Parkweg', 'Esdoornlaan', 'Berkenhof', 'Wilgenstraat', 'Populierenweg', 'Beukenlaan',
  'Sportlaan', 'Vlietstraat', 'Polderweg', 'Zonnebloemstraat', 'Tulpstraat', 'Rozenhof',
  'Hoofdstraat', 'Stationsweg', 'Havenstraat', 'Dijkweg', 'Sluisplein', 'Brugstraat',
  'Zuiderkade', 'Noorderhof', 'Westerpark', 'Oosterlaan', 'Vinkenstraat', 'Merelhof',
  'Spechtlaan', 'Reigerweg', 'Zwanenhof', 'Meeuwenlaan', 'Eendrachtstraat', 'Marktplein',
  'Rembrandtlaan', 'Vondelstraat', 'Spinozahof', 'Erasmusweg', 'Multatulistraat', 'Bredeweg',
];

/** Letters for the two-letter part of a postcode (SA, SD and SS are not used in Dutch postcodes). */
const PC_LETTERS = 'ABCDEGHJKLMNPRSTVWXZ';

function pickSurname(rng: Rng): { achternaam: string; voorvoegsel?: string } {
  const [achternaam, voorvoegsel] = rng.pick(SURNAMES);
  return voorvoegsel ? { achternaam, voorvoegsel } : { achternaam };
}

/** A fictional name; gender "1" boy, "2" girl, "0" either. */
export function fictionalName(rng: Rng, gender: string, surname?: { achternaam: string; voorvoegsel?: string }): PersonName {
  const list = gender === '1' ? BOYS : gender === '2' ? GIRLS : rng.chance(0.5) ? BOYS : GIRLS;
  const first = rng.pick(list);
  const second = rng.chance(0.3) ? rng.pick(list) : undefined;
  const voornamen = second && second !== first ? `${first} ${second}` : first;
  const voorletters = voornamen
    .split(' ')
    .map((n) => n.charAt(0).toUpperCase())
    .join('');
  const s = surname ?? pickSurname(rng);
  return s.voorvoegsel
    ? { achternaam: s.achternaam, voorvoegsel: s.voorvoegsel, voornamen, voorletters }
    : { achternaam: s.achternaam, voornamen, voorletters };
}

/** A parent's first name(s) with the child's surname. */
export function parentName(rng: Rng, child: PersonName): { name: PersonName; gender: string } {
  const gender = rng.chance(0.6) ? '2' : '1';
  const surname = child.voorvoegsel ? { achternaam: child.achternaam, voorvoegsel: child.voorvoegsel } : { achternaam: child.achternaam };
  return { name: fictionalName(rng, gender, surname), gender };
}

export function fictionalAddress(rng: Rng, pc4: string, plaatsnaam: string): Address {
  const postcode = pc4 + postcodeLetters(rng);
  const huisnummer = 1 + Math.floor(Math.pow(rng.next(), 2) * 240);
  const straatnaam = rng.pick(STREETS);
  return rng.chance(0.15)
    ? { straatnaam, huisnummer, huisletter: rng.pick(['A', 'B', 'C', 'H']), postcode, plaatsnaam }
    : { straatnaam, huisnummer, postcode, plaatsnaam };
}

function postcodeLetters(rng: Rng): string {
  for (;;) {
    const a = PC_LETTERS.charAt(rng.int(PC_LETTERS.length));
    const b = PC_LETTERS.charAt(rng.int(PC_LETTERS.length));
    const pair = a + b;
    if (pair !== 'SA' && pair !== 'SD' && pair !== 'SS') return pair;
  }
}

/**
 * Plausible 4-digit postcodes and place names per municipality (CBS code), for municipalities
 * whose region file has no postcode table of its own. Illustrative, like the region's tables.
 */
export const MUNICIPALITY_PLACES: Readonly<Record<string, { readonly place: string; readonly pc4: readonly string[] }[]>> = {
  // Amsterdam-Amstelland
  '0358': [{ place: 'Aalsmeer', pc4: ['1431', '1432', '1433'] }, { place: 'Kudelstaart', pc4: ['1435'] }],
  '0362': [{ place: 'Amstelveen', pc4: ['1181', '1182', '1183', '1184', '1185', '1186', '1187', '1188', '1189'] }],
  '0363': [{ place: 'Amsterdam', pc4: [] }],
  '0384': [{ place: 'Diemen', pc4: ['1111', '1112', '1113'] }],
  '0437': [{ place: 'Ouderkerk aan de Amstel', pc4: ['1191', '1192'] }, { place: 'Duivendrecht', pc4: ['1115'] }],
  '0451': [{ place: 'Uithoorn', pc4: ['1421', '1422', '1423'] }, { place: 'De Kwakel', pc4: ['1424'] }],
  // Eemland
  '0307': [{ place: 'Amersfoort', pc4: ['3811', '3812', '3813', '3814', '3815', '3816', '3817', '3818', '3819', '3821', '3822', '3823', '3824', '3825', '3826', '3828', '3829'] }],
  '0308': [{ place: 'Baarn', pc4: ['3741', '3742', '3743', '3744'] }],
  '0313': [{ place: 'Bunschoten-Spakenburg', pc4: ['3751', '3752', '3753', '3754'] }],
  '0317': [{ place: 'Eemnes', pc4: ['3755'] }],
  '0327': [{ place: 'Leusden', pc4: ['3831', '3832', '3833'] }],
  '0342': [{ place: 'Soest', pc4: ['3761', '3762', '3763', '3764', '3766'] }, { place: 'Soesterberg', pc4: ['3769'] }],
  '0351': [{ place: 'Woudenberg', pc4: ['3931'] }],
};
