// What each iJw message type means for the monitor: which ones feed the figures, and which are only
// recorded (return messages, change requests and answers, and the declarations, which are not part
// of the task-based variant: the lump sum is the payment) [ijw REFERENCE.md, DOMAIN.md §5].

export interface MessageRole {
  /** The message's name in the standard (Dutch). */
  readonly name: string;
  /** Its facts feed trajectories, waiting times or timeliness. */
  readonly inFigures: boolean;
  /** What the monitor does with it (Dutch, shown to users). */
  readonly use: string;
}

const RETURN = (of: string): MessageRole => ({ name: `Retourbericht op ${of}`, inFigures: false, use: 'vastgelegd (ontvangst of technische afkeur); geen nieuwe feiten' });

export const MESSAGE_ROLES: Readonly<Record<string, MessageRole>> = {
  JW315: { name: 'Verzoek om toewijzing', inFigures: true, use: 'wachttijd verzoek → toewijzing; terugwerkende kracht' },
  JW316: RETURN('JW315'),
  JW301: { name: 'Toewijzing', inFigures: true, use: 'trajecten (toewijzing), gebied, wachttijden, toewijzing zonder start' },
  JW302: RETURN('JW301'),
  JW305: { name: 'Start zorg', inFigures: true, use: 'starts, trajecten, tijdigheid (OP271)' },
  JW306: RETURN('JW305'),
  JW307: { name: 'Stop zorg', inFigures: true, use: 'stops per reden, trajecten, tijdigheid (OP272)' },
  JW308: RETURN('JW307'),
  JW317: { name: 'Verzoek om wijziging', inFigures: false, use: 'vastgelegd; de toewijzing (JW301) die erop volgt telt mee' },
  JW318: RETURN('JW317'),
  JW319: { name: 'Antwoordbericht', inFigures: false, use: 'vastgelegd; een toegekend verzoek komt als toewijzing (JW301)' },
  JW320: RETURN('JW319'),
  JW323: { name: 'Declaratie', inFigures: false, use: 'geen onderdeel van de taakgerichte variant (de lumpsum is de betaling): gevalideerd en vastgelegd, telt niet mee' },
  JW325: { name: 'Declaratie-antwoord', inFigures: false, use: 'geen onderdeel van de taakgerichte variant: gevalideerd en vastgelegd, telt niet mee' },
};

/** The role of a stored message type; an unknown type (none is accepted today) is only recorded. */
export function messageRole(type: string): MessageRole {
  return MESSAGE_ROLES[type] ?? { name: type, inFigures: false, use: 'vastgelegd' };
}

/** Message types in the order of the standard's table: requests, assignments, start, stop, the rest. */
export const MESSAGE_ORDER: readonly string[] = Object.keys(MESSAGE_ROLES);
