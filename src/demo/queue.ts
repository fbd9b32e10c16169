// The messages waiting to be delivered: a min-heap on (delivery day, order of planning). A message
// is planned — type, dates, parties, content — long before it is written (emission.ts).

import type { Day } from '../domain/calendar-days.ts';
import type { AssignedProduct, HeaderData, MessageType, RequestedProduct, StartProductData, StopProductData } from './ijw-writer.ts';
import type { FaultKind } from './options.ts';
import type { Person } from './person-pool.ts';

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
  private readonly items: Pending[] = [];
  /** The next order number: messages planned later sort later on the same delivery day. */
  nextOrder(): number {
    return this.order++;
  }
  get size(): number {
    return this.items.length;
  }
  peek(): Pending | undefined {
    return this.items[0];
  }
  private less(a: Pending, b: Pending): boolean {
    return a.delivery < b.delivery || (a.delivery === b.delivery && a.order < b.order);
  }
  push(p: Pending): void {
    const a = this.items;
    a.push(p);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(a[i]!, a[parent]!)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }
  pop(): Pending | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

