// JW305 Start zorg / JW307 Stop zorg (provider -> municipality) and their return messages
// JW306 / JW308. ToewijzingNummer is optional: empty in the task-based variant.
import * as B from './basis-types.ts';
import { MessageKit, type MessageSchema } from './message-kit.ts';
import { ONE_OR_MORE, OPTIONAL, field, type Field } from './schema-model.ts';

function startOrStop(kind: 'start' | 'stop', isReturn: boolean): MessageSchema {
  const kit = new MessageKit(kind === 'start' ? (isReturn ? 'JW306' : 'JW305') : isReturn ? 'JW308' : 'JW307');
  const { v } = kit;
  const which = kind === 'start' ? 'Start' : 'Stop';
  const when: Field[] = kind === 'start'
    ? [field('Begindatum', B.LDT_Datum)]
    : [field('Begindatum', B.LDT_Datum), field('RedenBeeindiging', B.LDT_RedenBeeindiging), field('Einddatum', B.LDT_Datum)];
  const product = v.record(`${which}Product`, kit.answered(isReturn, [
    field('ToewijzingNummer', B.LDT_Nummer, OPTIONAL),
    field('Product', B.CDT_Product, OPTIONAL),
    field('ToewijzingIngangsdatum', B.LDT_Datum, OPTIONAL),
    ...when,
    field('StatusAanlevering', B.LDT_StatusAanlevering),
  ]));
  const client = v.record('Client', kit.answered(isReturn, [
    field('Bsn', B.LDT_BurgerServicenummer),
    field('Geboortedatum', B.CDT_Geboortedatum),
    field('Geslacht', B.LDT_Geslacht),
    field('Naam', B.CDT_VerkorteNaam),
    field(`${which}Producten`, v.record(`${which}Producten`, [field(`${which}Product`, product, ONE_OR_MORE)])),
  ]));
  return kit.message(kit.header('aanbieder', isReturn), [field('Client', client, isReturn ? OPTIONAL : undefined)]);
}

export const JW305 = startOrStop('start', false);
export const JW306 = startOrStop('start', true);
export const JW307 = startOrStop('stop', false);
export const JW308 = startOrStop('stop', true);
