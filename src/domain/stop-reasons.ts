// Reasons a provider gives for ending care (iJw code list JZ588, RedenBeeindiging in JW307), with
// the short Dutch description the monitor shows next to the code. A code the list does not know
// (a newer version of the standard) is shown as it is.

/** JZ588 code → short description (iJw 3.2). */
export const STOP_REASONS: Readonly<Record<string, string>> = {
  '02': 'Overlijden',
  '20': 'Levering is tijdelijk beëindigd',
  '31': 'Levering is volgens plan beëindigd',
  '32': 'Voortijdig afgesloten, door cliënt',
  '33': 'Voortijdig afgesloten, door aanbieder',
  '34': 'Voortijdig afgesloten, in overleg',
  '35': 'Voortijdig afgesloten, externe oorzaak',
  '36': 'Geïnitieerd door de gemeente',
  '37': 'In verband met wijzigingsverzoek',
  '38': 'Overstap naar andere aanbieder',
  '39': 'Uitstroom naar ander domein',
};

export function stopReasonLabel(code: string): string {
  if (code === '') return 'zonder reden';
  return STOP_REASONS[code] ?? `onbekende reden ${code}`;
}

/** The reasons of a row's stops as [code, count] pairs, by code. */
export function stopReasonEntries(byReason: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(byReason).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
