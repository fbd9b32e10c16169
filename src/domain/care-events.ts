// What the monitor keeps of an iJw message: no BSN, no name, no address — a keyed pseudonym, birth
// year and month, gender and the 4-digit postcode (DOMAIN.md §7; issue "Privacy at the door").

export type MessageType = 'JW301' | 'JW302' | 'JW305' | 'JW306' | 'JW307' | 'JW308' | 'JW315' | 'JW316' | 'JW317' | 'JW318' | 'JW319' | 'JW320' | 'JW323' | 'JW325';

export interface ClientFacts {
  /** HMAC of the BSN with the region's key. */
  readonly pseudonym: string;
  /** "YYYY-MM" */
  readonly birthMonth: string;
  /** COD046: 0 unknown, 1 male, 2 female. */
  readonly gender: string;
  /** 4-digit postcode, from the assignment's address (JW301) when there is one. */
  readonly pc4?: string;
}

interface EventBase {
  /** Sender + identification + Dagtekening: unique per message. */
  readonly messageKey: string;
  /** Dagtekening: the day the message was made. */
  readonly sentOn: string;
  readonly municipality: string;
  /** AGB code of the provider. */
  readonly provider: string;
  readonly client: ClientFacts;
  /** iJw product category (JZ020). */
  readonly category: string;
}

/** JW301: one assigned product. */
export interface AssignmentEvent extends EventBase {
  readonly kind: 'assignment';
  readonly assignmentNumber: string;
  /** Toewijzingsdatum: the day the municipality decided. */
  readonly assignedOn: string;
  readonly validFrom: string;
  readonly validUntil?: string;
  /** RedenWijziging (JZ002) of this decision, when given: why the assignment changed or ended; 13 = deleted. */
  readonly changeReason?: string;
}

/** JW305 (one StartProduct) and JW307 (one StopProduct). */
export interface StartEvent extends EventBase {
  readonly kind: 'start';
  /** Empty in the task-based variant. */
  readonly assignmentNumber?: string;
  readonly startDate: string;
  /** COD467: 1 first delivery, 3 withdraw an earlier delivery. */
  readonly status: '1' | '3';
}

export interface StopEvent extends EventBase {
  readonly kind: 'stop';
  readonly assignmentNumber?: string;
  readonly startDate: string;
  readonly endDate: string;
  /** JZ588; 20 = temporarily ended. */
  readonly reason: string;
  readonly status: '1' | '3';
}

/** JW315: a request for assignment. */
export interface RequestEvent extends EventBase {
  readonly kind: 'request';
  /** ToewijzingIngangsdatum asked for; before sentOn means a retroactive request. */
  readonly requestedStart: string;
  readonly assignmentNumber?: string;
}

export type CareEvent = AssignmentEvent | StartEvent | StopEvent | RequestEvent;
