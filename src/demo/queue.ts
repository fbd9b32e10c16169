// The messages waiting to be delivered: a min-heap on (delivery day, order of planning). A message
// is planned — type, dates, parties, content — long before it is written (emission.ts).

import type { Day } from '../domain/calendar-days.ts';
import type { AssignedProduct, HeaderData, MessageType, RequestedProduct, StartProductData, StopProductData } from './ijw-writer.ts';
import type { FaultKind } from './options.ts';
import type { Person } from './person-pool.ts';
import { MinHeap } from './min-heap.ts';

export type Payload =
  | { readonly kind: 'JW315'; readonly products: readonly RequestedProduct[] }
  | { readonly kind: 'JW301'; readonly products: readonly AssignedProduct[] }
  | { readonly kind: 'JW305'; readonly products: readonly StartProductData[] }
  | { readonly kind: 'JW307'; readonly products: readonly StopProductData[] }
  | { readonly kind: 'retour'; readonly original: HeaderData };

export interface Pending {
  delivery: Day;
  order: number;
  readonly type: MessageType;
  readonly dag: Day;
  readonly sender: string;
  readonly receiver: string;
  readonly person?: Person;
  readonly payload?: Payload;
  /** Fault of this file. */
  fault?: FaultKind;
  /** Deliver an exact copy later (the copy is the faulty file). */
  duplicateLater?: boolean;
  /** Prebuilt content of a duplicate copy. */
  readonly xml?: string;
  /** Write a return message when delivered. */
  readonly wantsRetour: boolean;
}

/** Min-heap on (delivery, order); also hands out the order numbers (ties: first planned first). */
export class PendingQueue {
  private order = 0;
  private readonly heap = new MinHeap<Pending>((a, b) => a.delivery < b.delivery || (a.delivery === b.delivery && a.order < b.order));
  /** The next order number: messages planned later sort later on the same delivery day. */
  nextOrder(): number {
    return this.order++;
  }
  get size(): number {
    return this.heap.size;
  }
  peek(): Pending | undefined {
    return this.heap.peek();
  }
  push(p: Pending): void {
    this.heap.push(p);
  }
  pop(): Pending | undefined {
    return this.heap.pop();
  }
}
