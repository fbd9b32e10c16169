// Requests by the provider and the municipality's answer: JW315 Verzoek om toewijzing, JW317
// Verzoek om wijziging, JW319 Antwoordbericht, with return messages JW316, JW318 and JW320.
import * as B from './basis-types.ts';
import { MessageKit, type MessageSchema } from './message-kit.ts';
import { ONE_OR_MORE, OPTIONAL, field } from './schema-model.ts';

function verzoekOmToewijzing(isReturn: boolean): MessageSchema {
  const kit = new MessageKit(isReturn ? 'JW316' : 'JW315');
  const { v } = kit;
  const product = v.record('AangevraagdProduct', kit.answered(isReturn, [
    field('ReferentieAanbieder', B.LDT_Referentie),
    field('BeschikkingNummer', B.LDT_Nummer, OPTIONAL),
    field('Product', B.CDT_Product, OPTIONAL),
    field('BeschikkingIngangsdatum', B.LDT_Datum, OPTIONAL),
    field('ToewijzingIngangsdatum', B.LDT_Datum),
    field('ToewijzingEinddatum', B.LDT_Datum, OPTIONAL),
    field('Omvang', B.CDT_Omvang, OPTIONAL),
    field('Budget', B.LDT_Budget, OPTIONAL),
    field('Verwijzer', B.CDT_Verwijzer),
    field('Raamcontract', B.LDT_JaNee, OPTIONAL),
    field('Commentaar', B.LDT_Commentaar, OPTIONAL),
  ]));
  const client = v.record('Client', kit.answered(isReturn, [
    field('Bsn', B.LDT_BurgerServicenummer),
    field('Geboortedatum', B.CDT_Geboortedatum),
    field('Geslacht', B.LDT_Geslacht),
    field('Naam', B.CDT_VerkorteNaam),
    field('GezagsdragerBekend', B.LDT_JaNee, OPTIONAL),
    field('Commentaar', B.LDT_Commentaar, OPTIONAL),
    field('AangevraagdeProducten', v.record('AangevraagdeProducten', [field('AangevraagdProduct', product, ONE_OR_MORE)])),
  ]));
  return kit.message(kit.header('aanbieder', isReturn), [field('Client', client, isReturn ? OPTIONAL : undefined)]);
}

function verzoekOmWijziging(isReturn: boolean): MessageSchema {
  const kit = new MessageKit(isReturn ? 'JW318' : 'JW317');
  const { v } = kit;
  const wensen = [
    field('GewensteIngangsdatum', B.LDT_Datum),
    field('Einddatum', B.LDT_Datum, OPTIONAL),
    field('Omvang', B.CDT_Omvang, OPTIONAL),
    field('Budget', B.LDT_Budget, OPTIONAL),
  ];
  const ongewijzigd = v.record('OngewijzigdProduct', kit.answered(isReturn, [field('ToewijzingNummer', B.LDT_Nummer)]));
  const teWijzigen = v.record('TeWijzigenProduct', kit.answered(isReturn, [field('ToewijzingNummer', B.LDT_Nummer), ...wensen]));
  const nieuw = v.record('NieuwProduct', kit.answered(isReturn, [field('Product', B.CDT_Product, OPTIONAL), ...wensen]));
  const verzoek = v.record('Verzoek', kit.answered(isReturn, [
    field('ReferentieAanbieder', B.LDT_Referentie),
    field('RedenVerzoek', B.LDT_RedenVerzoek),
    field('OngewijzigdeProducten', v.record('OngewijzigdeProducten', [field('OngewijzigdProduct', ongewijzigd, ONE_OR_MORE)]), OPTIONAL),
    field('TeWijzigenProducten', v.record('TeWijzigenProducten', [field('TeWijzigenProduct', teWijzigen, ONE_OR_MORE)]), OPTIONAL),
    field('NieuweProducten', v.record('NieuweProducten', [field('NieuwProduct', nieuw, ONE_OR_MORE)]), OPTIONAL),
  ]));
  const client = v.record('Client', kit.answered(isReturn, [field('Bsn', B.LDT_BurgerServicenummer), field('Verzoek', verzoek)]));
  return kit.message(kit.header('aanbieder', isReturn), [field('Client', client, isReturn ? OPTIONAL : undefined)]);
}

function antwoord(isReturn: boolean): MessageSchema {
  const kit = new MessageKit(isReturn ? 'JW320' : 'JW319');
  const { v } = kit;
  const woonplaatsbeginsel = v.record('Woonplaatsbeginsel', kit.answered(isReturn, [field('Gemeente', B.LDT_Gemeente)]));
  const body = v.record('Antwoord', kit.answered(isReturn, [
    field('ReferentieAanbieder', B.LDT_Referentie),
    field('VerzoekAntwoord', B.LDT_VerzoekAntwoord),
    field('RedenAfwijzingVerzoek', B.LDT_RedenAfwijzingVerzoek, OPTIONAL),
    field('Woonplaatsbeginsel', woonplaatsbeginsel, OPTIONAL),
  ]));
  return kit.message(kit.header('gemeente', isReturn), [field('Antwoord', body, isReturn ? OPTIONAL : undefined)]);
}

export const JW315 = verzoekOmToewijzing(false);
export const JW316 = verzoekOmToewijzing(true);
export const JW317 = verzoekOmWijziging(false);
export const JW318 = verzoekOmWijziging(true);
export const JW319 = antwoord(false);
export const JW320 = antwoord(true);
