// JW301 Toewijzing (assignment, municipality -> provider) and its return message JW302.
import * as B from './basis-types.ts';
import { MessageKit, type MessageSchema } from './message-kit.ts';
import { ONE_OR_MORE, OPTIONAL, field } from './schema-model.ts';

function toewijzing(isReturn: boolean): MessageSchema {
  const kit = new MessageKit(isReturn ? 'JW302' : 'JW301');
  const { v } = kit;
  const contact = v.record('Contact', kit.answered(isReturn, [
    field('Soort', B.LDT_AdresSoort),
    field('Adres', B.CDT_Adres, OPTIONAL),
    field('Organisatie', B.LDT_Organisatienaam, OPTIONAL),
    field('Telefoon', B.CDT_Telefoonnummers, OPTIONAL),
    field('Emailadres', B.LDT_Emailadres, OPTIONAL),
    field('Periode', B.CDT_OpenPeriode, OPTIONAL),
  ]));
  const relatie = v.record('Relatie', kit.answered(isReturn, [
    field('Nummer', B.LDT_Persoonsid),
    field('Volgorde', B.LDT_RelatieVolgorde, OPTIONAL),
    field('Soort', B.LDT_SoortRelatie),
    field('Geboortedatum', B.CDT_Geboortedatum, OPTIONAL),
    field('Geslacht', B.LDT_Geslacht, OPTIONAL),
    field('Naam', B.CDT_VolledigeNaam),
    field('Contact', contact),
  ]));
  const product = v.record('ToegewezenProduct', kit.answered(isReturn, [
    field('ToewijzingNummer', B.LDT_Nummer),
    field('ReferentieAanbieder', B.LDT_Referentie, OPTIONAL),
    field('Product', B.CDT_Product, OPTIONAL),
    field('Toewijzingsdatum', B.LDT_Datum),
    field('Toewijzingstijd', B.LDT_Tijd),
    field('Ingangsdatum', B.LDT_Datum),
    field('Einddatum', B.LDT_Datum, OPTIONAL),
    field('RedenWijziging', B.LDT_RedenWijziging, OPTIONAL),
    field('Omvang', B.CDT_Omvang, OPTIONAL),
    field('Budget', B.LDT_Budget, OPTIONAL),
    field('Commentaar', B.LDT_Commentaar, OPTIONAL),
  ]));
  const client = v.record('Client', kit.answered(isReturn, [
    field('Bsn', B.LDT_BurgerServicenummer),
    field('Geboortedatum', B.CDT_Geboortedatum),
    field('Geslacht', B.LDT_Geslacht),
    field('Naam', B.CDT_VolledigeNaam),
    field('Communicatie', B.CDT_Communicatie, OPTIONAL),
    field('JuridischeStatus', B.LDT_JuridischeStatus, OPTIONAL),
    field('WettelijkeVertegenwoordiging', B.LDT_WettelijkeVertegenwoordiging, OPTIONAL),
    field('Commentaar', B.LDT_Commentaar, OPTIONAL),
    field('Relaties', v.record('Relaties', [field('Relatie', relatie, ONE_OR_MORE)]), OPTIONAL),
    field('Contactgegevens', v.record('Contactgegevens', [field('Contact', contact, ONE_OR_MORE)])),
    field('ToegewezenProducten', v.record('ToegewezenProducten', [field('ToegewezenProduct', product, ONE_OR_MORE)])),
  ]));
  // a return message may consist of the header alone (rejection of the whole message)
  return kit.message(kit.header('gemeente', isReturn), [field('Client', client, isReturn ? OPTIONAL : undefined)]);
}

export const JW301 = toewijzing(false);
export const JW302 = toewijzing(true);
