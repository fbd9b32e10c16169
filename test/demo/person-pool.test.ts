// The demo's persons and BSNs: the order of the BSN ranges, one number per person, numbers given
// to a second person only after all 90,909 are in use, and when a former client may return.
import { describe, expect, it } from 'vitest';
import { dayOf } from '../../src/domain/calendar-days.ts';
import type { EpisodeShape } from '../../src/demo/care-model.ts';
import { PersonPool } from '../../src/demo/person-pool.ts';
import { extendedBsns, failingTestBsn, passesElevenTest, testBsns } from '../../src/demo/persons.ts';
import { Rng } from '../../src/demo/random.ts';
import type { MunicipalityInfo } from '../../src/demo/volumes.ts';

const amstelveen: MunicipalityInfo = {
  code: '0362',
  index: 0,
  volume: 1016,
  newEpisodesPerYear: 574,
  dailyRate: 574 / 365.25,
  placeOf: () => ({ pc4: '1181', place: 'Amstelveen' }),
};

/** An episode shape whose last day of care is `lastCare` (only the ends matter to the pool). */
function episodeEnding(birth: string, lastCare: string): EpisodeShape {
  return { birth: dayOf(birth), gender: '2', trajectories: [{ end: dayOf(lastCare) }] } as unknown as EpisodeShape;
}

describe('extended BSN range', () => {
  it('is every number 999000000–999899999 that passes the eleven-test: 81,818, none in 9999xxxxx', () => {
    const all = extendedBsns();
    expect(all).toHaveLength(81_818);
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((b) => !/^999[0-8][0-9]{5}$/.test(b) || !passesElevenTest(b))).toEqual([]);
    const r = new Rng(2);
    for (const b of all.slice(0, 500)) {
      const bad = failingTestBsn(b, r);
      expect(bad.slice(0, 8)).toBe(b.slice(0, 8));
      expect(passesElevenTest(bad)).toBe(false);
    }
  });
});

describe('PersonPool', () => {
  it('hands out the 9,091 test BSNs first, then the rest of 999xxxxxx, one per person, then reassigns idle ones', () => {
    const pool = new PersonPool(1, 1);
    const day = dayOf('2030-01-01');
    const seen = new Set<string>();
    const all = testBsns().length + extendedBsns().length;
    let first = '';
    for (let i = 0; i < all; i++) {
      const id = pool.register(dayOf('2015-01-01'), '1');
      pool.setRelease(id, day + 10);
      const person = pool.person(id, amstelveen);
      pool.ensureBsn(person, day);
      const bsn = person.client.bsn;
      if (i === 0) first = bsn;
      expect(person.assignmentClient.bsn).toBe(bsn);
      if (i < 9091 !== /^9999/.test(bsn)) throw new Error(`person ${i} got ${bsn}`);
      seen.add(bsn);
    }
    expect(seen.size).toBe(all);
    expect(pool.stats).toMatchObject({ bsnsFromTestRange: 9091, bsnsFromExtendedRange: 81_818, bsnsReassigned: 0 });

    // The same person asked for again keeps their BSN (and name).
    const again = pool.person(0, amstelveen);
    expect(again.client.bsn).toBe(first);
    expect(again.client.naam).toEqual(pool.person(0, amstelveen).client.naam);

    // Person 90,910: every holder has been idle two years; the first number handed out goes again.
    const late = day + 10 + 730;
    const id = pool.register(dayOf('2020-01-01'), '2');
    const person = pool.person(id, amstelveen);
    pool.ensureBsn(person, late);
    expect(person.client.bsn).toBe(first);
    expect(pool.stats).toMatchObject({ bsnsReassigned: 1, bsnsReusedWhileActive: 0 });
  });

  it('lets a former client return at least half a year after their care, in a later calendar year, before they turn 18', () => {
    const pool = new PersonPool(1, 1);
    const rng = new Rng(5);
    const id = pool.register(dayOf('2015-06-01'), '2');
    pool.endEpisode(id, 0, episodeEnding('2015-06-01', '2028-03-01'));
    const tries = (start: string) => {
      for (let i = 0; i < 200; i++) {
        const r = pool.returning(0, dayOf(start), rng);
        if (r) return r;
      }
      return undefined;
    };
    expect(tries('2028-12-31')).toBeUndefined(); // 305 days later, but the same calendar year
    expect(tries('2029-01-01')).toEqual({ id, birth: dayOf('2015-06-01'), gender: '2' });
    expect(tries('2029-06-01')).toBeUndefined(); // returned once; eligible again only after that episode

    // Care ending half a year before the 18th birthday: no return.
    const older = pool.register(dayOf('2011-03-01'), '1');
    pool.endEpisode(older, 0, episodeEnding('2011-03-01', '2028-10-01'));
    expect(tries('2029-06-01')).toBeUndefined();
  });
});
