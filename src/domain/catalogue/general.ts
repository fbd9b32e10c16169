// Refusals that are not rules of the money engine: how a command or request was written, the
// configuration, the database, and the monitor's queries.
import { entry, list } from './entry.ts';

/** Text supplied by the caller in both languages (for one-off usage messages of a command). */
interface Texts {
  readonly en: string;
  readonly nl: string;
}

export const GENERAL_REFUSALS = {
  /** A command-line option or request parameter with a value that cannot be read. */
  OPTION_INVALID: entry<{ option: string; value: string; expected: Texts }>(
    400,
    (p) => `${p.option} must be ${p.expected.en} (got "${p.value}")`,
    (p) => `${p.option} moet ${p.expected.nl} zijn (gegeven: "${p.value}")`,
  ),
  /** How a command is used: options that belong together, or exclude each other. */
  USAGE: entry<Texts>(400, (p) => p.en, (p) => p.nl),
  QUERY_INVALID: entry<Texts>(400, (p) => p.en, (p) => p.nl),
  DIMENSION_UNKNOWN: entry<{ names: readonly string[]; known: readonly string[] }>(
    400,
    (p) => `unknown dimension(s) ${list(p.names)}; choose from ${list(p.known)}`,
    (p) => `onbekende indeling(en) ${list(p.names)}; kies uit ${list(p.known)}`,
  ),
  /** Others than the data's owner ask for a published period: a quarter, a half year or a year (docs/decisions.md §36). */
  DISCLOSURE_PERIOD: entry<{ from: string; to: string }>(
    400,
    (p) => `${p.from}..${p.to} is not a period whose figures are published; ask for a quarter (2028-Q1), a half year (2028-H1) or a year (2028): other periods could be subtracted from these to tell counts of fewer than 5 young people`,
    (p) => `over ${p.from} t/m ${p.to} worden geen cijfers gepubliceerd; vraag een kwartaal (2028-Q1), een halfjaar (2028-H1) of een jaar (2028): andere perioden zouden van deze af te trekken zijn tot aantallen van minder dan 5 jeugdigen`,
  ),
  /** Others than the region see a period once the data cover it to its last working day (docs/access.md). */
  DISCLOSURE_PERIOD_OPEN: entry<{ from: string; to: string; dataUpTo: string }>(
    409,
    (p) => `${p.from}..${p.to} is not over yet in the data (they run up to ${p.dataUpTo}); its figures are published to others than the region once the data cover its last working day — ask for an earlier quarter, half year or year`,
    (p) => `${p.from} t/m ${p.to} is in de gegevens nog niet voorbij (die lopen tot en met ${p.dataUpTo}); cijfers over deze periode worden pas getoond als de gegevens tot de laatste werkdag ervan lopen — vraag een eerder kwartaal, halfjaar of jaar`,
  ),
  DISCLOSURE_UNPROTECTABLE: entry<{ year: number }>(
    409,
    (p) => `the figures of ${p.year} for this view cannot be published without telling a count of 1 to 4 young people, so none of them are shown; the region's administrator finds which figure in the server's log — ask for another year, or the region's own view`,
    (p) => `de cijfers van ${p.year} voor deze weergave kunnen niet getoond worden zonder een aantal van 1 tot 4 jeugdigen te verraden, dus worden ze geen van alle getoond; de beheerder van de regio vindt in het logboek van de server om welk cijfer het gaat — vraag een ander jaar`,
  ),
  /** Others than the data's owner may break figures down by one dimension at most (docs/decisions.md §36). */
  DISCLOSURE_BREAKDOWN: entry<{ count: number }>(
    400,
    (p) => `${p.count} dimensions at once are not published; break the figures down by one dimension, or none: a cross table shows small groups that its totals would give away`,
    (p) => `${p.count} indelingen tegelijk worden niet gepubliceerd; deel de cijfers in naar één indeling, of geen: een kruistabel toont kleine groepen die de totalen zouden verraden`,
  ),
  DIMENSION_REPEATED: entry<{ name: string }>(
    400,
    (p) => `by names "${p.name}" more than once; name each dimension once`,
    (p) => `by noemt "${p.name}" meer dan eens; noem elke indeling één keer`,
  ),
  DIMENSIONS_TOO_MANY: entry<{ count: number; max: number }>(
    400,
    (p) => `by names ${p.count} dimensions; at most ${p.max} per request: ask for fewer, or for several tables one after the other`,
    (p) => `by noemt ${p.count} indelingen; ten hoogste ${p.max} per verzoek: vraag er minder, of vraag meerdere tabellen na elkaar`,
  ),
  /** A monitor period longer than the API's bound for the route (src/api/limits.ts). */
  PERIOD_TOO_LONG: entry<{ from: string; to: string; days: number; max: number; years: number }>(
    400,
    (p) => `the period ${p.from}..${p.to} has ${p.days} days; this route covers at most ${p.max} days (${p.years === 1 ? 'one year' : `${p.years} calendar years`}) per request: ask for a shorter period, or one year at a time`,
    (p) => `de periode ${p.from}..${p.to} telt ${p.days} dagen; deze route beslaat ten hoogste ${p.max} dagen (${p.years === 1 ? 'één jaar' : `${p.years} kalenderjaren`}) per verzoek: vraag een kortere periode, of één jaar tegelijk`,
  ),
  /** A monitor period that begins after the latest Dagtekening of an accepted message (or before any message). */
  NO_DATA_FOR_PERIOD: entry<{ from: string; to: string; dataUpTo: string | null }>(
    404,
    (p) =>
      p.dataUpTo === null
        ? 'no iJw messages have been received yet, so there are no figures for any period; read messages in with "jeugdregie ingest <folder>"'
        : `no messages after ${p.dataUpTo} have been received: the period ${p.from}..${p.to} begins after the data; ask for a period that begins on or before ${p.dataUpTo}`,
    (p) =>
      p.dataUpTo === null
        ? 'er zijn nog geen iJw-berichten ontvangen, dus voor geen enkele periode zijn er cijfers; lees berichten in met "jeugdregie ingest <map>"'
        : `na ${p.dataUpTo} zijn geen berichten ontvangen: de periode ${p.from}..${p.to} begint na de gegevens; vraag een periode die op of voor ${p.dataUpTo} begint`,
  ),
  /** A statement on the PostgreSQL server ran past the API's time limit and was stopped. */
  QUERY_TIMEOUT: entry<{ seconds: number }>(
    503,
    (p) => `the query took longer than ${p.seconds} s and was stopped; ask for a shorter period or fewer dimensions (by), or ask again when the server is less busy`,
    (p) => `de vraag duurde langer dan ${p.seconds} s en is gestopt; vraag een kortere periode of minder indelingen (by), of vraag het opnieuw als de server minder druk is`,
  ),
  /** The monitor answers as many requests at once as the API allows, and as many wait: ask again. */
  MONITOR_BUSY: entry<{ running: number; waiting: number }>(
    503,
    (p) => `the monitor is answering ${p.running} requests with ${p.waiting} more waiting; ask again in a few seconds, or for a shorter period or fewer dimensions`,
    (p) => `de monitor beantwoordt ${p.running} verzoeken en ${p.waiting} wachten er nog; vraag het over een paar seconden opnieuw, of vraag een kortere periode of minder indelingen`,
  ),
  FILE_NOT_FOUND: entry<{ path: string }>(
    404,
    (p) => `${p.path} does not exist or cannot be read; check the path`,
    (p) => `${p.path} bestaat niet of is niet leesbaar; controleer het pad`,
  ),
  INGEST_INPUT_MISSING: entry<{ path: string }>(
    404,
    (p) => `${p.path} does not exist; give files, folders or zips of iJw messages`,
    (p) => `${p.path} bestaat niet; geef bestanden, mappen of zips met iJw-berichten`,
  ),
  FILE_UNUSABLE: entry<{ path: string; reason: string }>(
    409,
    (p) => `${p.path} cannot be used: ${p.reason}; choose another path or fix its permissions`,
    (p) => `${p.path} is niet te gebruiken: ${p.reason}; kies een ander pad of pas de rechten aan`,
  ),
  SETTINGS_INVALID: entry<{ problems: readonly string[] }>(
    400,
    (p) => `configuration is not valid: ${p.problems.join('; ')}`,
    (p) => `de configuratie klopt niet: ${p.problems.join('; ')}`,
  ),
  REGION_FILE_INVALID: entry<{ problems: readonly string[] }>(
    422,
    (p) => `the region file has ${p.problems.length} problem(s)`,
    (p) => `het regiobestand heeft ${p.problems.length} probleem/problemen`,
  ),
  PLAN_FILE_INVALID: entry<{ file: string; reason: string }>(
    422,
    (p) => `${p.file}: ${p.reason}`,
    (p) => `${p.file}: ${p.reason}`,
  ),
  SCHEMA_NEWER: entry<{ migration: string }>(
    503,
    (p) => `this database was changed by a newer version of Jeugdregie (migration ${p.migration} is unknown here); use that version or a newer one`,
    (p) => `deze database is bijgewerkt door een nieuwere versie van Jeugdregie (migratie ${p.migration} is hier onbekend); gebruik die versie of een nieuwere`,
  ),
  SCHEMA_BEHIND: entry<{ pending: number; first: string; role: string }>(
    503,
    (p) => `the database schema is behind this version of Jeugdregie (${p.pending} migration(s) to run, from ${p.first}) and database role "${p.role}" may not change it; run one jeugdregie command as the schema's owner (e.g. "jeugdregie ingest runs"), then try again`,
    (p) => `het databaseschema loopt achter op deze versie van Jeugdregie (${p.pending} migratie(s) te doen, vanaf ${p.first}) en databaserol "${p.role}" mag het niet wijzigen; voer één jeugdregie-opdracht uit als eigenaar van het schema (bijvoorbeeld "jeugdregie ingest runs") en probeer het daarna opnieuw`,
  ),
  WORKSPACE_NO_REGION: entry(
    404,
    () => 'this database has no region yet; run "jeugdregie init --region amsterdam-amstelland" (add --demo for demo data)',
    () => 'deze database heeft nog geen regio; voer "jeugdregie init --region amsterdam-amstelland" uit (met --demo voor voorbeeldgegevens)',
  ),
  WORKSPACE_REGION_EXISTS: entry<{ region: string }>(
    409,
    (p) => `this database already holds region "${p.region}"; it is never overwritten — use another JEUGDREGIE_DATA_DIR or database`,
    (p) => `deze database bevat al regio "${p.region}"; die wordt nooit overschreven — gebruik een andere JEUGDREGIE_DATA_DIR of database`,
  ),
  DEMO_ON_OWN_DATA: entry<{ region: string; reasons: readonly { en: string; nl: string }[] }>(
    409,
    (p) => `start --demo refuses: this database holds region "${p.region}" with its own data (${p.reasons.map((r) => r.en).join('; ')}), and the demo accounts with their published passwords must never sign in to it; start it without --demo (jeugdregie serve), or give the demo its own JEUGDREGIE_DATA_DIR or database`,
    (p) => `start --demo weigert: deze database bevat regio "${p.region}" met eigen gegevens (${p.reasons.map((r) => r.nl).join('; ')}), en de demo-accounts met hun openbare wachtwoorden mogen daar nooit mee aanmelden; start zonder --demo (jeugdregie serve), of geef de demo een eigen JEUGDREGIE_DATA_DIR of database`,
  ),
  DEMO_REGION_ONLY: entry<{ region: string; demoRegion: string }>(
    409,
    (p) => `demo data exists only for region ${p.demoRegion}; initialise ${p.region} without --demo`,
    (p) => `voorbeeldgegevens bestaan alleen voor regio ${p.demoRegion}; maak ${p.region} aan zonder --demo`,
  ),
  STORE_BUSY: entry<{ dataDir: string; pid: number }>(
    409,
    (p) => `the embedded database in ${p.dataDir} is in use by process ${p.pid} (a running "jeugdregie serve" or "npm start"?); stop that process first, or point both at a PostgreSQL server with DATABASE_URL`,
    (p) => `de ingebouwde database in ${p.dataDir} is in gebruik door proces ${p.pid} (een lopende "jeugdregie serve" of "npm start"?); stop dat proces eerst, of laat beide een PostgreSQL-server gebruiken met DATABASE_URL`,
  ),
  PSEUDONYM_KEY_MISSING: entry(
    400,
    () => 'set JEUGDREGIE_PSEUDONYM_KEY (at least 32 characters, e.g. from "openssl rand -hex 32"); with a database server the key is never generated',
    () => 'zet JEUGDREGIE_PSEUDONYM_KEY (ten minste 32 tekens, bijvoorbeeld uit "openssl rand -hex 32"); bij een databaseserver wordt de sleutel nooit gegenereerd',
  ),
  IMPORT_REFUSED: entry<{ file: string; count: number; action: 'imported' | 'settled' | 'submitted' }>(
    422,
    (p) => `${p.file} has ${p.count} problem(s); nothing was ${p.action === 'settled' ? 'recorded and the year was not settled' : p.action === 'submitted' ? 'recorded: correct the file and deliver it again' : 'imported'}`,
    (p) => `${p.file} heeft ${p.count} probleem/problemen; er is niets ${p.action === 'settled' ? 'vastgelegd en het jaar is niet afgerekend' : p.action === 'submitted' ? 'vastgelegd: verbeter het bestand en lever het opnieuw in' : 'geïmporteerd'}`,
  ),
  /** One problem in a file, as text from the code that found it (with its place in front). */
  PROBLEM: entry<Texts>(422, (p) => p.en, (p) => p.nl),
  /** The council report is made per half year [issue 13 "The council report"]. */
  REPORT_HALF_INVALID: entry<{ text: string }>(
    400,
    (p) => `"${p.text}" is not a half year; write YYYY-H1 (January–June) or YYYY-H2 (July–December), e.g. 2028-H1`,
    (p) => `"${p.text}" is geen halfjaar; schrijf JJJJ-H1 (januari–juni) of JJJJ-H2 (juli–december), bijvoorbeeld 2028-H1`,
  ),
  REPORT_NO_DATA: entry<{ half: string; dataUpTo: string | null }>(
    404,
    (p) => `there are no figures for ${p.half}: ${p.dataUpTo === null ? 'no iJw messages have been received yet' : `no iJw messages about it have been received (they reach up to ${p.dataUpTo})`}; choose another half year or ingest the messages first`,
    (p) => `er zijn geen cijfers over ${p.half}: ${p.dataUpTo === null ? 'er zijn nog geen iJw-berichten ontvangen' : `er zijn geen iJw-berichten over ontvangen (ze reiken tot en met ${p.dataUpTo})`}; kies een ander halfjaar of lees de berichten eerst in`,
  ),
  REPORT_COMMENT_TOO_LONG: entry<{ chars: number; max: number }>(
    413,
    (p) => `the comment has ${p.chars} characters; at most ${p.max} fit in a council report`,
    (p) => `de toelichting heeft ${p.chars} tekens; er passen er ten hoogste ${p.max} in een raadsrapportage`,
  ),
  /**
   * Transitional: a refusal raised by code that has not yet been given its own catalogue entry
   * (RuleError with a free message). New code gives every refusal its own entry.
   */
  REFUSED: entry<{ en: string; nl?: string; status?: number }>(409, (p) => p.en, (p) => p.nl ?? p.en),
} as const;
