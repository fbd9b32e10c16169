// The shared iJw 3.2 building blocks ("basisschema"): data types (LDT_*) and composite types
// (CDT_*). Written by hand from the standard; elements inside the composite types belong to the
// basis namespace, whichever message uses them.
import { OPTIONAL, REQUIRED, Vocabulary, field, type Builtin, type SimpleType } from './schema-model.ts';

export const BASIS_NS = 'http://www.istandaarden.nl/ijw/3_2/basisschema/schema';
export const basis = new Vocabulary(BASIS_NS);

/** At least one character that is not white space, and no line break anywhere ('.' excludes LF/CR). */
const SOMETHING_ON_ONE_LINE = '.*[^\\s].*';

/** Free text on one line, 1..max characters, not only white space. */
function freeText(name: string, max: number): SimpleType {
  return basis.simple(name, 'string', { minLength: 1, maxLength: max, patterns: [SOMETHING_ON_ONE_LINE] });
}

/** A code from a closed list; the list is given as space-separated codes. */
function codeList(name: string, maxLength: number, codes: string): SimpleType {
  return basis.simple(name, 'string', { enumeration: codes.split(' '), maxLength });
}

/** Whole number between the bounds (inclusive). */
function wholeNumber(name: string, min: string, max: string, base: Builtin = 'integer'): SimpleType {
  return basis.simple(name, base, { minInclusive: min, maxInclusive: max });
}

/** Exactly n decimal digits (kept as text, leading zeros matter). */
function digits(name: string, n: number, maxLength?: number): SimpleType {
  return basis.simple(name, 'string', { minLength: 1, ...(maxLength === undefined ? {} : { maxLength }), patterns: [`[0-9]{${n}}`] });
}

// --- identification and routing ---------------------------------------------------------------
export const LDT_AgbCode = digits('LDT_AgbCode', 8, 8); // provider (AGB)
export const LDT_Gemeente = digits('LDT_Gemeente', 4); // municipality (CBS code)
export const LDT_BurgerServicenummer = digits('LDT_BurgerServicenummer', 9, 9);
export const LDT_BerichtCode = basis.simple('LDT_BerichtCode', 'string', { minLength: 1, maxLength: 3 });
export const LDT_BerichtVersie = wholeNumber('LDT_BerichtVersie', '0', '99');
export const LDT_BerichtSubversie = wholeNumber('LDT_BerichtSubversie', '0', '99');
export const LDT_IdentificatieBericht = freeText('LDT_IdentificatieBericht', 12);
export const LDT_IdentificatieDeclaratie = basis.simple('LDT_IdentificatieDeclaratie', 'string', { minLength: 1, maxLength: 12 });
/** Semantic version "major.minor.patch" without leading zeros. */
export const LDT_Versie = basis.simple('LDT_Versie', 'string', {
  minLength: 1,
  patterns: ['(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)'],
});
export const LDT_Referentie = freeText('LDT_Referentie', 36);
export const LDT_ReferentieNummer = basis.simple('LDT_ReferentieNummer', 'string', { minLength: 1, maxLength: 20 });
export const LDT_Persoonsid = freeText('LDT_Persoonsid', 20);

// --- dates and times: no time zone allowed (no ':' or 'Z' in a date, no 'Z', '+' or '-' in a time)
export const LDT_Datum = basis.simple('LDT_Datum', 'date', { patterns: ['[^:Z]*'] });
export const LDT_Tijd = basis.simple('LDT_Tijd', 'time', { patterns: ['[^Z+-]+'] });

// --- amounts and quantities ----------------------------------------------------------------------
export const LDT_Bedrag = wholeNumber('LDT_Bedrag', '0', '99999999'); // euro cents
export const LDT_TotaalBedrag = wholeNumber('LDT_TotaalBedrag', '0', '999999999999');
export const LDT_Budget = wholeNumber('LDT_Budget', '0', '99999999');
export const LDT_Volume = wholeNumber('LDT_Volume', '0', '99999999');
export const LDT_Nummer = wholeNumber('LDT_Nummer', '0', '999999999'); // ToewijzingNummer, BeschikkingNummer
export const LDT_Huisnummer = wholeNumber('LDT_Huisnummer', '0', '99999');
export const LDT_RelatieVolgorde = wholeNumber('LDT_RelatieVolgorde', '0', '99');

// --- names, addresses, contact -------------------------------------------------------------------
export const LDT_Naam = freeText('LDT_Naam', 200);
export const LDT_Voorvoegsel = freeText('LDT_Voorvoegsel', 10);
/** Initials: Latin letters, including the accented range from À up to ỳ. */
export const LDT_Voorletters = basis.simple('LDT_Voorletters', 'string', { minLength: 1, maxLength: 6, patterns: ['([a-zA-ZÀ-ỳ])+'] });
export const LDT_NaamVerwijzer = freeText('LDT_NaamVerwijzer', 64);
export const LDT_Organisatienaam = freeText('LDT_Organisatienaam', 35);
export const LDT_Straatnaam = freeText('LDT_Straatnaam', 24);
export const LDT_Plaatsnaam = freeText('LDT_Plaatsnaam', 80);
export const LDT_Postcode = freeText('LDT_Postcode', 8);
export const LDT_Huisletter = freeText('LDT_Huisletter', 1);
export const LDT_HuisnummerToevoeging = freeText('LDT_HuisnummerToevoeging', 4);
export const LDT_Emailadres = freeText('LDT_Emailadres', 80);
export const LDT_Taal = freeText('LDT_Taal', 25);
export const LDT_Landnummer = freeText('LDT_Landnummer', 4);
export const LDT_Telefoonnummer = basis.simple('LDT_Telefoonnummer', 'string', { minLength: 1, maxLength: 15, patterns: ['[0-9]*'] });
export const LDT_ProductCode = freeText('LDT_ProductCode', 5);
/** Comment: may span lines, but must contain at least one non-white-space character. */
export const LDT_Commentaar = basis.simple('LDT_Commentaar', 'string', { minLength: 1, patterns: ['([.\\s]*\\S+[.\\s]*)+'] });

// --- code lists ------------------------------------------------------------------------------------
export const LDT_Geslacht = codeList('LDT_Geslacht', 1, '0 1 2'); // COD046
export const LDT_DatumGebruik = codeList('LDT_DatumGebruik', 1, '1 2 3'); // COD170
export const LDT_NaamGebruik = codeList('LDT_NaamGebruik', 1, '1 2 3 4 5 6'); // COD700
export const LDT_Communicatievorm = codeList('LDT_Communicatievorm', 1, '1 2 3'); // COD747
export const LDT_JaNee = codeList('LDT_JaNee', 1, '1 2'); // COD260
export const LDT_DebetCredit = codeList('LDT_DebetCredit', 1, 'C D'); // COD043
export const LDT_StatusAanlevering = codeList('LDT_StatusAanlevering', 1, '1 2 3 9'); // COD467
export const LDT_Frequentie = codeList('LDT_Frequentie', 1, '1 2 4 6'); // WMO757
export const LDT_RedenVerzoek = codeList('LDT_RedenVerzoek', 1, '1 2'); // WJ758
export const LDT_VerzoekAntwoord = codeList('LDT_VerzoekAntwoord', 1, '1 2'); // WJ760
export const LDT_RedenAfwijzingVerzoek = codeList('LDT_RedenAfwijzingVerzoek', 2, '1 2 3 4 5 6 7 8 9'); // WJ759
export const LDT_AdresSoort = codeList('LDT_AdresSoort', 2, '01 02 03 04'); // COD757
export const LDT_AanduidingWoonadres = codeList('LDT_AanduidingWoonadres', 2, 'AB BY TO WW'); // NUM061
export const LDT_Eenheid = codeList('LDT_Eenheid', 2, '01 04 14 16 82 83 84'); // WJ756
export const LDT_JuridischeStatus = codeList('LDT_JuridischeStatus', 2, '01 02 03 04 05 11 12'); // WJ232
export const LDT_WettelijkeVertegenwoordiging = codeList('LDT_WettelijkeVertegenwoordiging', 2, '06 07 08 09 10'); // WJ003
export const LDT_TypeVerwijzer = codeList('LDT_TypeVerwijzer', 2, '01 02 03 04 05 06 08'); // COD327
export const LDT_RedenBeeindiging = codeList('LDT_RedenBeeindiging', 2, '02 20 31 32 33 34 35 36 37 38 39'); // JZ588
export const LDT_RedenWijziging = codeList('LDT_RedenWijziging', 2, '01 02 03 04 05 06 07 08 09 10 11 12 13 14'); // JZ002
/** JZ020: 31-38, then the newer categories 40-55. */
export const LDT_ProductCategorie = codeList('LDT_ProductCategorie', 2, numberRange(31, 38) + ' ' + numberRange(40, 55));
/** COD472 relation kinds 03-25. */
export const LDT_SoortRelatie = codeList('LDT_SoortRelatie', 2, numberRange(3, 25, 2));
/** COD032 country codes (ISO 3166-1 alpha-2 as used by iJw). */
export const LDT_LandCode = codeList('LDT_LandCode', 2, [
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ',
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR',
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP',
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT',
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW',
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG',
  'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW',
].join(' '));
/** WJ001 return codes. */
export const LDT_RetourCode = codeList('LDT_RetourCode', 4, [
  '0001 0200 0233 0611 8001 8017 8021 8187 8214 8848 9019 9056 9063 9069 9071 9074',
  '9307 9308 9319 9321 9322 9326 9332 9333 9338 9339 9340 9341 9346 9347 9349 9350 9351 9355 9357 9359 9360 9361',
  '9365 9366 9367 9369 9373 9374 9375 9379 9384 9385 9387 9388 9389 9390 9411 9412 9413 9414 9415 S300 S329',
].join(' '));

function numberRange(from: number, to: number, width = 0): string {
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(String(n).padStart(width, '0'));
  return out.join(' ');
}

// --- composite types -----------------------------------------------------------------------------
export const CDT_Achternaam = basis.record('CDT_Achternaam', [field('Achternaam', LDT_Naam), field('Voorvoegsel', LDT_Voorvoegsel, OPTIONAL)]);
export const CDT_BerichtIdentificatie = basis.record('CDT_BerichtIdentificatie', [
  field('Identificatie', LDT_IdentificatieBericht), field('Dagtekening', LDT_Datum),
]);
export const CDT_XsdVersie = basis.record('CDT_XsdVersie', [field('BasisschemaXsdVersie', LDT_Versie), field('BerichtXsdVersie', LDT_Versie)]);
export const CDT_Geboortedatum = basis.record('CDT_Geboortedatum', [field('Datum', LDT_Datum), field('DatumGebruik', LDT_DatumGebruik, OPTIONAL)]);
export const CDT_Communicatie = basis.record('CDT_Communicatie', [field('Vorm', LDT_Communicatievorm), field('Taal', LDT_Taal, OPTIONAL)]);
export const CDT_Product = basis.record('CDT_Product', [field('Categorie', LDT_ProductCategorie), field('Code', LDT_ProductCode, OPTIONAL)]);
export const CDT_Omvang = basis.record('CDT_Omvang', [field('Volume', LDT_Volume), field('Eenheid', LDT_Eenheid), field('Frequentie', LDT_Frequentie)]);
/** A period with both ends (declarations). */
export const CDT_GeslotenPeriode = basis.record('CDT_GeslotenPeriode', [field('Begindatum', LDT_Datum), field('Einddatum', LDT_Datum)]);
/** A period where either end may be missing (contact validity). */
export const CDT_OpenPeriode = basis.record('CDT_OpenPeriode', [field('Begindatum', LDT_Datum, OPTIONAL), field('Einddatum', LDT_Datum, OPTIONAL)]);
export const CDT_Referentie = basis.record('CDT_Referentie', [
  field('ReferentieNummer', LDT_ReferentieNummer), field('VorigReferentieNummer', LDT_ReferentieNummer, OPTIONAL),
]);
export const CDT_BedragMetDC = basis.record('CDT_BedragMetDC', [field('Bedrag', LDT_Bedrag), field('DebetCredit', LDT_DebetCredit)]);
export const CDT_TotaalBedragMetDC = basis.record('CDT_TotaalBedragMetDC', [field('TotaalBedrag', LDT_TotaalBedrag), field('DebetCredit', LDT_DebetCredit)]);
export const CDT_Verwijzer = basis.record('CDT_Verwijzer', [
  field('Type', LDT_TypeVerwijzer), field('Naam', LDT_NaamVerwijzer, OPTIONAL), field('ZorgverlenerCode', LDT_AgbCode, OPTIONAL),
]);
/** Short name: surname (with prefix), optionally first names and initials. */
export const CDT_VerkorteNaam = basis.record('CDT_VerkorteNaam', [
  field('Geslachtsnaam', CDT_Achternaam), field('Voornamen', LDT_Naam, OPTIONAL), field('Voorletters', LDT_Voorletters, OPTIONAL),
]);
/** Full name: as the short name plus partner's name and the name-usage code. */
export const CDT_VolledigeNaam = basis.record('CDT_VolledigeNaam', [
  field('Geslachtsnaam', CDT_Achternaam), field('Partnernaam', CDT_Achternaam, OPTIONAL),
  field('Voornamen', LDT_Naam, OPTIONAL), field('Voorletters', LDT_Voorletters, OPTIONAL), field('NaamGebruik', LDT_NaamGebruik, REQUIRED),
]);
export const CDT_Huis = basis.record('CDT_Huis', [
  field('Huisnummer', LDT_Huisnummer), field('Huisletter', LDT_Huisletter, OPTIONAL),
  field('HuisnummerToevoeging', LDT_HuisnummerToevoeging, OPTIONAL), field('AanduidingWoonadres', LDT_AanduidingWoonadres, OPTIONAL),
]);
/** Address: every part optional. */
export const CDT_Adres = basis.record('CDT_Adres', [
  field('Huis', CDT_Huis, OPTIONAL), field('Postcode', LDT_Postcode, OPTIONAL), field('Straatnaam', LDT_Straatnaam, OPTIONAL),
  field('Plaatsnaam', LDT_Plaatsnaam, OPTIONAL), field('LandCode', LDT_LandCode, OPTIONAL),
]);
export const CDT_Telefoon = basis.record('CDT_Telefoon', [field('Telefoonnummer', LDT_Telefoonnummer), field('Landnummer', LDT_Landnummer)]);
export const CDT_Telefoonnummers = basis.record('CDT_Telefoonnummers', [field('Telefoon01', CDT_Telefoon), field('Telefoon02', CDT_Telefoon, OPTIONAL)]);
