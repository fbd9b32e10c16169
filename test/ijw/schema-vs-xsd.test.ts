// Guards the hand-written descriptions: every named type of the official XSDs (read here, in the
// test only, from ../shared/ijw) must match our description element by element and facet by facet.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { childElements, lookupNamespace, readXml, type XmlElement } from '../../src/ijw/xml-reader.ts';
import * as B from '../../src/ijw/schema/basis-types.ts';
import { MESSAGE_SCHEMAS, MESSAGE_TYPES } from '../../src/ijw/schema/messages.ts';
import type { ComplexType, SimpleType, TypeDef } from '../../src/ijw/schema/schema-model.ts';
import { IJW_XSD, haveIjwReference } from '../support/ijw-reference.ts';

const XSD_DIR = IJW_XSD;
const XS = 'http://www.w3.org/2001/XMLSchema';

function load(file: string): XmlElement {
  const r = readXml(fs.readFileSync(path.join(XSD_DIR, file)));
  if (!r.ok) throw new Error(`${file}: ${r.error.message}`);
  return r.root;
}

const attr = (el: XmlElement, name: string) => el.attributes.find((a) => a.local === name && a.ns === '')?.value;
const xs = (el: XmlElement, local: string) => childElements(el).filter((c) => c.ns === XS && c.local === local);

function qnameOf(el: XmlElement, v: string): string {
  const [p, l] = v.includes(':') ? v.split(':') : ['', v];
  return `{${lookupNamespace(el.scope, p!) ?? '?'}}${l}`;
}

/** A comparable description of a simple type: built-in plus the facets of each restriction step. */
function describeXsdSimple(st: XmlElement): unknown[] {
  const r = xs(st, 'restriction')[0]!;
  const facets: Record<string, unknown> = {};
  for (const f of childElements(r)) {
    if (f.ns !== XS || f.local === 'annotation') continue;
    const v = attr(f, 'value')!;
    if (f.local === 'enumeration' || f.local === 'pattern') ((facets[f.local + 's'] ??= []) as string[]).push(v);
    else facets[f.local] = f.local.endsWith('Length') ? Number(v) : v;
  }
  return [qnameOf(r, attr(r, 'base')!), facets];
}

function describeOurSimple(t: SimpleType): unknown[] {
  const f = t.facets;
  const facets: Record<string, unknown> = {};
  if (f.enumeration) facets.enumerations = [...f.enumeration];
  if (f.patterns) facets.patterns = [...f.patterns];
  for (const k of ['length', 'minLength', 'maxLength', 'minInclusive', 'maxInclusive'] as const) if (f[k] !== undefined) facets[k] = f[k];
  const base = t.base === null ? `{${XS}}${t.builtin}` : `{${t.base.name!.ns}}${t.base.name!.local}`;
  return [base, facets];
}

function describeXsdComplex(ct: XmlElement, targetNs: string): unknown[] {
  return xs(xs(ct, 'sequence')[0]!, 'element').map((e) => {
    const type = attr(e, 'type');
    const anon = xs(e, 'simpleType')[0];
    return {
      name: `{${targetNs}}${attr(e, 'name')}`,
      type: type !== undefined ? qnameOf(e, type) : describeXsdSimple(anon!),
      min: Number(attr(e, 'minOccurs') ?? '1'),
      max: attr(e, 'maxOccurs') === 'unbounded' ? 'unbounded' : Number(attr(e, 'maxOccurs') ?? '1'),
    };
  });
}

function describeOurComplex(t: ComplexType): unknown[] {
  expect(t.content.kind).toBe('sequence');
  return t.content.particles.map((p) => {
    if (p.kind !== 'element') throw new Error('nested group');
    const type = p.type.name !== null ? `{${p.type.name.ns}}${p.type.name.local}` : describeOurSimple(p.type as SimpleType);
    return { name: `{${p.name.ns}}${p.name.local}`, type, min: p.min, max: p.max === Infinity ? 'unbounded' : p.max };
  });
}

/** All named complex types of namespace `ns` reachable from a root type, by local name. */
function collect(t: TypeDef, ns: string, out: Map<string, ComplexType>): Map<string, ComplexType> {
  if (t.kind !== 'complex' || t.name === null || t.name.ns !== ns) return out;
  const seen = out.get(t.name.local);
  if (seen !== undefined) {
    expect(describeOurComplex(seen), `two different ${t.name.local}`).toEqual(describeOurComplex(t));
    return out;
  }
  out.set(t.name.local, t);
  for (const p of t.content.particles) if (p.kind === 'element') collect(p.type, ns, out);
  return out;
}

describe.runIf(haveIjwReference)('our iJw description matches the official XSDs', () => {
  it('basis schema: every simple and complex type', () => {
    const schema = load('basisschema.xsd');
    const ns = attr(schema, 'targetNamespace')!;
    expect(ns).toBe(B.BASIS_NS);
    const ours = B as unknown as Record<string, TypeDef | undefined>;
    let count = 0;
    for (const st of xs(schema, 'simpleType')) {
      const name = attr(st, 'name')!;
      const t = ours[name];
      expect(t?.kind, name).toBe('simple');
      expect(describeOurSimple(t as SimpleType), name).toEqual(describeXsdSimple(st));
      count++;
    }
    for (const ct of xs(schema, 'complexType')) {
      const name = attr(ct, 'name')!;
      const t = ours[name];
      expect(t?.kind, name).toBe('complex');
      expect(describeOurComplex(t as ComplexType), name).toEqual(describeXsdComplex(ct, ns));
      count++;
    }
    expect(count).toBe(79);
  });

  for (const type of MESSAGE_TYPES) {
    it(`${type}: root element and every complex type`, () => {
      const schema = load(`${type}.xsd`);
      const ns = attr(schema, 'targetNamespace')!;
      const ours = MESSAGE_SCHEMAS[type];
      expect(ours.ns).toBe(ns);
      const root = xs(schema, 'element')[0]!;
      expect([attr(root, 'name'), qnameOf(root, attr(root, 'type')!)]).toEqual([ours.root.name.local, `{${ns}}${ours.root.type.name!.local}`]);
      const types = collect(ours.root.type, ns, new Map());
      const xsdTypes = xs(schema, 'complexType');
      expect([...types.keys()].sort()).toEqual(xsdTypes.map((c) => attr(c, 'name')!).sort());
      for (const ct of xsdTypes) {
        const name = attr(ct, 'name')!;
        const t = types.get(name)!;
        expect(t.name!.ns, name).toBe(ns);
        expect(describeOurComplex(t), `${type} ${name}`).toEqual(describeXsdComplex(ct, ns));
      }
    });
  }
});
