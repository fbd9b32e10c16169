// The iJw writer: every message type, with all optional parts, validates against the official XSD.
import { describe, expect, it } from 'vitest';
import {
  BERICHT_CODE,
  writeJw301,
  writeJw305,
  writeJw307,
  writeJw315,
  writeRetour,
  type AssignmentClientData,
  type HeaderData,
} from '../../src/demo/ijw-writer.ts';
import { validateWithXmllint, xmllintAvailable } from './xmllint.ts';

const client = {
  bsn: '999900006',
  geboortedatum: '2014-03-09',
  geslacht: '2',
  naam: { achternaam: 'Berg', voorvoegsel: 'van den', voornamen: 'Noor Anna', voorletters: 'NA' },
};
const adres = { straatnaam: 'Lindelaan', huisnummer: 12, huisletter: 'B', postcode: '1062KT', plaatsnaam: 'Amsterdam' };
const assignmentClient: AssignmentClientData = {
  ...client,
  adres,
  commentaar: 'Let op: "spoed" & <voorrang>',
  relaties: [
    { nummer: '1', soort: '10', geboortedatum: '1985-01-02', geslacht: '2', naam: { achternaam: 'Berg', voorvoegsel: 'van den', voornamen: 'Sara', voorletters: 'S' }, contactSoort: '01', adres, emailadres: 'sara.berg@example.org' },
  ],
};
const h = (afzender: string, ontvanger: string): HeaderData => ({ afzender, ontvanger, identificatie: '305000000001', dagtekening: '2028-03-14' });
const omvang = { volume: 2, eenheid: '04', frequentie: '2' };

const samples: Record<string, string> = {
  JW315: writeJw315(h('99000003', '0363'), { ...client, commentaar: 'Verwijzing via huisarts' }, [
    {
      referentieAanbieder: 'VOT-2028-000001',
      beschikkingNummer: 12,
      categorie: '34',
      productCode: '34A01',
      beschikkingIngangsdatum: '2028-03-01',
      toewijzingIngangsdatum: '2028-03-20',
      toewijzingEinddatum: '2028-09-19',
      omvang,
      verwijzerType: '02',
      verwijzerNaam: 'Huisarts',
      raamcontract: '1',
      commentaar: 'Graag snel',
    },
  ]),
  JW301: writeJw301(h('0363', '99000003'), assignmentClient, [
    {
      toewijzingNummer: 1000001,
      referentieAanbieder: 'VOT-2028-000001',
      categorie: '34',
      toewijzingsdatum: '2028-03-14',
      toewijzingstijd: '09:30:00',
      ingangsdatum: '2028-03-20',
      einddatum: '2028-09-19',
      redenWijziging: '04',
      omvang,
      commentaar: 'Verlengd',
    },
    { toewijzingNummer: 1000002, categorie: '38', toewijzingsdatum: '2028-03-14', toewijzingstijd: '09:30:00', ingangsdatum: '2028-03-20', budget: 150000 },
  ]),
  JW305: writeJw305(h('99000003', '0363'), client, [
    { toewijzingNummer: 1000001, categorie: '34', toewijzingIngangsdatum: '2028-03-20', begindatum: '2028-03-22', statusAanlevering: '1' },
    { categorie: '32', begindatum: '2028-03-22', statusAanlevering: '3' },
  ]),
  JW307: writeJw307(h('99000003', '0363'), client, [
    { toewijzingNummer: 1000001, categorie: '34', toewijzingIngangsdatum: '2028-03-20', begindatum: '2028-03-22', redenBeeindiging: '20', einddatum: '2028-05-01', statusAanlevering: '1' },
    { categorie: '32', begindatum: '2028-03-22', redenBeeindiging: '31', einddatum: '2028-06-30', statusAanlevering: '1' },
  ]),
  JW316: writeRetour('JW316', h('99000003', '0363'), { identificatieRetour: '316000000001', dagtekeningRetour: '2028-03-15' }),
  JW302: writeRetour('JW302', h('0363', '99000003'), { identificatieRetour: '302000000001', dagtekeningRetour: '2028-03-15' }),
  JW306: writeRetour('JW306', h('99000003', '0363'), { identificatieRetour: '306000000001', dagtekeningRetour: '2028-03-15' }),
  JW308: writeRetour('JW308', h('99000003', '0363'), { identificatieRetour: '308000000001', dagtekeningRetour: '2028-03-15', retourCodes: ['0200'] }),
};

describe('iJw writer', () => {
  it('writes the namespaces, the BerichtCode of each type and escapes text', () => {
    for (const [type, xml] of Object.entries(samples)) {
      const p = type.toLowerCase();
      expect(xml).toContain(`xmlns:${p}="http://www.istandaarden.nl/ijw/3_2/${p}/schema"`);
      expect(xml).toContain('xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema"');
      expect(xml).toContain(`<${p}:BerichtCode>${BERICHT_CODE[type as keyof typeof BERICHT_CODE]}</${p}:BerichtCode>`);
      expect(xml).toContain(`<${p}:BerichtVersie>3</${p}:BerichtVersie>`);
      expect(xml).toContain(`<${p}:BerichtSubversie>2</${p}:BerichtSubversie>`);
    }
    expect(samples.JW301).toContain('Let op: &quot;spoed&quot; &amp; &lt;voorrang&gt;');
  });

  it.skipIf(!xmllintAvailable)('every message type validates against its official XSD', () => {
    for (const [type, xml] of Object.entries(samples)) {
      const verdict = validateWithXmllint(type, [{ fileName: `${type}.xml`, xml }]);
      expect({ type, valid: verdict.get(`${type}.xml`) }).toEqual({ type, valid: true });
    }
  });

  it.skipIf(!xmllintAvailable)('an impossible date or a wrong BerichtCode does not validate', () => {
    const badDate = samples.JW305!.replace('2028-03-22', '2029-02-30');
    const badCode = writeJw305({ ...h('99000003', '0363'), berichtCode: '440' }, client, [{ categorie: '32', begindatum: '2028-03-22', statusAanlevering: '1' }]);
    const verdict = validateWithXmllint('JW305', [
      { fileName: 'date.xml', xml: badDate },
      { fileName: 'code.xml', xml: badCode },
    ]);
    expect(verdict.get('date.xml')).toBe(false);
    expect(verdict.get('code.xml')).toBe(false);
  });
});
