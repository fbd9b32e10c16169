import { describe, expect, it } from 'vitest';
import v8 from 'node:v8';
import { HeapKeeper } from './heap-keeper.ts';

describe('HeapKeeper', () => {
  it('runs a full collection only when the heap grew by more than the slack, and frees the garbage', () => {
    const keeper = new HeapKeeper(8 * 1024 * 1024);
    keeper.check();
    const before = keeper.collections;
    keeper.check(); // nothing grew since: no collection
    expect(keeper.collections).toBe(before);
    let garbage: number[][] | null = [];
    for (let i = 0; i < 200; i++) garbage.push(new Array<number>(20_000).fill(i)); // ≈ 32 MB
    garbage = null;
    const grown = v8.getHeapStatistics().used_heap_size;
    keeper.check();
    expect(keeper.collections).toBe(before + 1);
    expect(v8.getHeapStatistics().used_heap_size).toBeLessThan(grown - 16 * 1024 * 1024);
  });
});
