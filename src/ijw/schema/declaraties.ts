// JW323 Declaratie (provider -> municipality) and JW325 Declaratie-antwoord. Not used in the
// task-based variant, but validated and recorded like the other messages.
import * as B from './basis-types.ts';
import { MessageKit, type MessageSchema } from './message-kit.ts';
import { ONE_OR_MORE, OPTIONAL, field, restrict } from './schema-model.ts';

function prestatieFields(kit: MessageKit, isAnswer: boolean) {
  return kit.answered(isAnswer, [
    field('ProductReferentie', B.CDT_Referentie),
    field('ToewijzingNummer', B.LDT_Nummer),
    field('ProductCategorie', B.LDT_ProductCategorie),
    field('ProductCode', B.LDT_ProductCode),
    field('ProductPeriode', B.CDT_GeslotenPeriode),
    field('GeleverdVolume', B.LDT_Volume),
    field('Eenheid', B.LDT_Eenheid),
    field('ProductTarief', B.LDT_Bedrag, OPTIONAL),
    field('IngediendBedrag', B.CDT_BedragMetDC),
  ]);
}

function declaratie(): MessageSchema {
  const kit = new MessageKit('JW323');
  const { v } = kit;
  const prestatie = v.record('Prestatie', prestatieFields(kit, false));
  const client = v.record('Client', [
    field('Bsn', B.LDT_BurgerServicenummer),
    field('Prestaties', v.record('Prestaties', [field('Prestatie', prestatie, ONE_OR_MORE)])),
  ]);
  const body = v.record('Declaratie', [
    // in the declaration itself the number is restricted to letters and digits
    field('DeclaratieNummer', restrict(B.LDT_IdentificatieDeclaratie, { patterns: ['([a-zA-Z0-9])+'] })),
    field('DeclaratiePeriode', B.CDT_GeslotenPeriode),
    field('DeclaratieDagtekening', B.LDT_Datum),
    field('TotaalIngediendBedrag', B.CDT_TotaalBedragMetDC),
    field('Clienten', v.record('Clienten', [field('Client', client, ONE_OR_MORE)])),
  ]);
  return kit.message(kit.header('aanbieder', false), [field('Declaratie', body)]);
}

function declaratieAntwoord(): MessageSchema {
  const kit = new MessageKit('JW325');
  const { v } = kit;
  const prestatie = v.record('Prestatie', prestatieFields(kit, true));
  const client = v.record('Client', kit.answered(true, [
    field('Bsn', B.LDT_BurgerServicenummer),
    field('Prestaties', v.record('Prestaties', [field('Prestatie', prestatie, ONE_OR_MORE)])),
  ]));
  const body = v.record('DeclaratieAntwoord', kit.answered(true, [
    field('DeclaratieNummer', B.LDT_IdentificatieDeclaratie),
    field('TotaalIngediendBedrag', B.CDT_TotaalBedragMetDC),
    field('TotaalToegekendBedrag', B.CDT_TotaalBedragMetDC),
    field('Clienten', v.record('Clienten', [field('Client', client, ONE_OR_MORE)]), OPTIONAL),
  ]));
  return kit.message(kit.declarationAnswerHeader(), [field('DeclaratieAntwoord', body, OPTIONAL)]);
}

export const JW323 = declaratie();
export const JW325 = declaratieAntwoord();
