import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { childElements, readXml, textContent, type ReadResult, type XmlElement } from '../../src/ijw/xml-reader.ts';

const enc = new TextEncoder();

function ok(r: ReadResult): XmlElement {
  if (!r.ok) throw new Error(`expected well-formed, got line ${r.error.line}: ${r.error.message}`);
  return r.root;
}

function fails(input: string | Uint8Array, code?: string): { line: number; message: string } {
  const r = readXml(input);
  if (r.ok) throw new Error('expected a well-formedness error');
  if (code !== undefined) expect(r.error.code).toBe(code);
  return r.error;
}

describe('xml reader: structure, namespaces and positions', () => {
  it('builds a tree with resolved namespaces, lines and columns', () => {
    const root = ok(readXml('<?xml version="1.0" encoding="UTF-8"?>\n<a:R xmlns:a="urn:a" xmlns="urn:d">\n  <a:X>1</a:X>\n  <Y k="v">t</Y>\n</a:R>\n'));
    expect([root.local, root.ns, root.prefix, root.line, root.column]).toEqual(['R', 'urn:a', 'a', 2, 1]);
    const [x, y] = childElements(root);
    expect([x!.local, x!.ns, x!.line, x!.column, textContent(x!)]).toEqual(['X', 'urn:a', 3, 3, '1']);
    expect([y!.local, y!.ns, y!.line]).toEqual(['Y', 'urn:d', 4]);
    expect(y!.attributes).toMatchObject([{ qname: 'k', ns: '', value: 'v', line: 4 }]);
  });

  it('drops layout white space between elements, and keeps blank values and mixed text exactly', () => {
    const shape = (xml: string) =>
      ok(readXml(xml)).children.map((n) => (n.kind === 'element' ? `<${n.local}>` : `${n.cdata ? 'cdata' : 'text'}:${JSON.stringify(n.value)}`));
    expect(shape('<a>\n  <b/>\n  <c>1</c>\n</a>')).toEqual(['<b>', '<c>']);
    expect(shape('<a>  </a>')).toEqual(['text:"  "']);
    expect(shape('<a></a>')).toEqual([]);
    expect(shape('<a>x<!--c-->  <b/></a>')).toEqual(['text:"x  "', '<b>']);
    expect(shape('<a><![CDATA[x]]>  <b/></a>')).toEqual(['cdata:"x"', '<b>']);
    expect(shape('<a>  <!--c-->  <b/>  <!--d-->  </a>')).toEqual(['<b>']);
    expect(shape('<a> <?p x?> </a>')).toEqual(['text:"  "']);
    expect(shape('<a>&#32;<b/></a>')).toEqual(['<b>']);
    expect(shape('<a><b/>&#32;</a>')).toEqual(['<b>']);
    expect(shape('<a> x <b/> y </a>')).toEqual(['text:" x "', '<b>', 'text:" y "']);
    expect(shape('<a><b/> <![CDATA[ ]]> </a>')).toEqual(['<b>', 'cdata:" "', 'text:" "']);
    // positions after skipped layout are still exact
    const root = ok(readXml('<a>\n\n   <b/>\n <c/></a>'));
    expect(childElements(root).map((e) => [e.line, e.column])).toEqual([[3, 4], [4, 2]]);
  });

  it('counts CRLF and lone CR as one line end each', () => {
    const root = ok(readXml('<r>\r\n<a/>\r<b/>\n<c/></r>'));
    expect(childElements(root).map((e) => e.line)).toEqual([2, 3, 4]);
    expect(textContent(ok(readXml('<r>a\r\nb\rc</r>')))).toBe('a\nb\nc');
  });

  it('resolves the five predefined entities, character references and CDATA; skips comments and PIs', () => {
    const root = ok(readXml("<r>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#x1F600;<![CDATA[<&]]><!-- c --><?p x?>z</r>"));
    expect(textContent(root)).toBe('<>&\'"AB😀<&z');
    expect(root.children.filter((n) => n.kind === 'text' && n.cdata)).toHaveLength(1);
  });

  it('keeps a character reference to CR as CR, and normalises attribute white space', () => {
    expect(textContent(ok(readXml('<r>a&#13;b</r>')))).toBe('a\rb');
    expect(ok(readXml('<r a="x\ty&#9;z"/>')).attributes[0]!.value).toBe('x y\tz');
  });

  it('accepts a UTF-8 BOM, a missing declaration, version 1.1 and standalone', () => {
    ok(readXml(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('<r/>')])));
    ok(readXml('<?xml version="1.1" standalone="yes"?><r/>'));
    ok(readXml("<?xml version='1.0' encoding='utf-8' ?>\n<r/>"));
  });

  it('treats namespace problems as warnings, leaving the name without namespace (as libxml2)', () => {
    const r = readXml('<p:r xmlns:q=""><x/></p:r>');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.root.ns).toBe('');
      expect(r.warnings.map((w) => w.code)).toEqual(['namespace', 'namespace']);
    }
  });
});

describe('xml reader: cached element names', () => {
  // "Ab" and "BC" have the same hash (65·31 + 98 = 66·31 + 67) and length: they share a slot of
  // the name cache, so each takes the other's place and every tag meets a cached name that differs.
  it('reads names that share a cache slot correctly, also after the cheap compare gives up', () => {
    const names = Array.from({ length: 40 }, (_, i) => (i % 3 === 2 ? 'Abc' : i % 2 === 0 ? 'Ab' : 'BC'));
    const doc = `<r>${names.map((n) => `<${n}>${n}</${n}>`).join('')}<BC/></r>`;
    const root = ok(readXml(doc));
    expect(childElements(root).map((e) => e.local)).toEqual([...names, 'BC']);
    expect(childElements(root).slice(0, -1).map((e) => textContent(e))).toEqual(names);
    // and the next document starts with a fresh budget: the cache still gives the right names
    expect(childElements(ok(readXml('<r><Ab/><BC/><Ab/></r>'))).map((e) => e.local)).toEqual(['Ab', 'BC', 'Ab']);
  });

  it('does not take a name for a cached one it merely starts like, nor one that comes later', () => {
    const root = ok(readXml('<r><Header/><Headex/><Header/><Heade/><x>Header</x></r>'));
    expect(childElements(root).map((e) => e.local)).toEqual(['Header', 'Headex', 'Header', 'Heade', 'x']);
  });
});

describe('xml reader: refusals', () => {
  it('refuses any DOCTYPE, so no external entities and no entity-expansion bombs', () => {
    const bomb = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n<lolz>&lol3;</lolz>';
    const e = fails(bomb, 'doctype');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/DOCTYPE/);
    fails('<!DOCTYPE r SYSTEM "file:///etc/passwd"><r/>', 'doctype');
    fails('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "http://example.org/x">]><r>&x;</r>', 'doctype');
  });

  it('refuses undefined entities (there is no DTD to define them)', () => {
    expect(fails('<r>\n&nbsp;</r>', 'entity').line).toBe(2);
  });

  it('refuses invalid UTF-8 with the line of the bad byte', () => {
    const cases: number[][] = [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80]];
    for (const bad of cases) {
      const bytes = new Uint8Array([...enc.encode('<r>\n<a>x'), ...bad, ...enc.encode('</a>\n</r>')]);
      const e = fails(bytes, 'utf8');
      expect(e.line).toBe(2);
    }
  });

  it('refuses other declared encodings and characters outside XML 1.0', () => {
    expect(fails('<?xml version="1.0" encoding="ISO-8859-1"?><r/>', 'encoding').message).toMatch(/UTF-8/);
    expect(fails('<r>\n\u0001</r>', 'char').line).toBe(2);
    fails('<r>\uFFFE</r>', 'char');
    fails('<r>\uD800</r>', 'char');
    fails('<r>&#0;</r>', 'reference');
    fails('<r>&#xD800;</r>', 'reference');
  });

  it('refuses inputs above the size limit and nesting above the depth limit', () => {
    expect(readXml('<r>' + 'x'.repeat(100) + '</r>', { maxBytes: 50 }).ok).toBe(false);
    const big = readXml(enc.encode(`<r>${'x'.repeat(2000)}</r>`), { maxBytes: 1024 });
    expect(big.ok ? '' : big.error.code).toBe('size');
    const deep = '<a>'.repeat(300) + '</a>'.repeat(300);
    expect(readXml(deep).ok).toBe(false);
    expect(readXml(deep, { maxDepth: 400 }).ok).toBe(true);
  });

  it('reports well-formedness errors with their line, as xmllint does', () => {
    const cases: [string, number][] = [
      ['<r>\n<a></b>\n</r>', 2],
      ['<r>\n<a>', 2],
      ['<r a="1" a="2"/>', 1],
      ['<r a="<"/>', 1],
      ['<r a="1"b="2"/>', 1],
      ['<r>\n]]></r>', 2],
      ['<r><!-- a -- b --></r>', 1],
      ['<r/>\nx', 2],
      ['<r/><r/>', 1],
      [' <?xml version="1.0"?><r/>', 1],
      ['<?xml version="2.0"?><r/>', 1],
      ['<?xml encoding="UTF-8"?><r/>', 1],
      ['<r><?xml x?></r>', 1],
      ['<r>&amp</r>', 1],
      ['<1r/>', 1],
      ['', 1],
      ['<r><![CDATA[x</r>', 1],
      // an end tag that is a prefix or an extension of the open element's name
      ['<r><ab></a></r>', 1],
      ['<r>\n<a></ab>\n</r>', 2],
      ['<r><abc>\n</abd></r>', 2],
    ];
    for (const [xml, line] of cases) expect(fails(xml).line, xml).toBe(line);
    expect(fails('<r><ab></a></r>').message).toMatch(/mismatch: ab and a/);
    expect(ok(readXml('<r><a></a\n></r>')).local).toBe('r');
  });
});

describe('xml reader: properties', () => {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const xmlChar = fc.integer({ min: 0x20, max: 0xd7ff }).map((c) => String.fromCharCode(c));

  it('round-trips escaped text content', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(xmlChar, fc.constantFrom('\n', '\t', '&', '<', ']]>')), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const root = ok(readXml(`<r>${escape(text)}</r>`));
        return textContent(root) === text;
      }),
    );
  });

  it('reads bytes at any alignment exactly as the same text given as a string (fast and checked paths agree)', () => {
    // the byte path checks four bytes at a time and drops the CR of CR LF; the string path
    // normalises line ends and checks characters one by one: same verdict, position and tree
    const piece = fc.oneof(
      fc.constantFrom('<a>', '</a>', '<b x="1\r\n2"/>', 'text', ' ', '\r\n', '\r', '\n', '\t', '\u0001', '\u001f', '\u007f',
        '\ufffe', '\uffff', '\ufffd', 'é', '€', '😀', '&#13;', '&amp;', '&#10;', '<![CDATA[\r\n]]>', '<c y="\r\n&amp;\r\n"/>', '\ufeff'),
      xmlChar,
    );
    const shape = (r: ReadResult) => (r.ok ? JSON.stringify(r.root, (k, v) => (k === 'scope' ? undefined : v)) : `${r.error.line}:${r.error.column}:${r.error.code}`);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 0, max: 7 }), (parts, offset) => {
        const text = `<r>${parts.join('')}</r>`;
        const encoded = enc.encode(text);
        const padded = new Uint8Array(encoded.length + offset);
        padded.set(encoded, offset);
        return shape(readXml(padded.subarray(offset))) === shape(readXml(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads fewer than four bytes at any alignment without throwing (found by the libxml2 benchmark)', () => {
    // a view of 0–3 bytes at an odd place ends before the next word boundary: no word is read
    const shapeOf = (r: ReadResult) => (r.ok ? 'ok' : `${r.error.line}:${r.error.column}:${r.error.code}`);
    const buf = new Uint8Array(16);
    buf.set(enc.encode('<a>'), 1);
    for (let offset = 0; offset < 8; offset++) {
      for (let length = 0; length < 4; length++) {
        const view = new Uint8Array(16).subarray(offset, offset + length);
        view.set(buf.subarray(1, 1 + length));
        const r = readXml(view);
        expect(r.ok, `offset ${offset}, length ${length}`).toBe(false);
        expect(shapeOf(r), `offset ${offset}, length ${length}`).toBe(shapeOf(readXml(new TextDecoder().decode(view))));
      }
    }
  });

  it('never throws on arbitrary bytes (it accepts or reports)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const r = readXml(new Uint8Array([...enc.encode('<r>'), ...bytes, ...enc.encode('</r>')]));
        return r.ok || (r.error.line >= 1 && r.error.message.length > 0);
      }),
      { numRuns: 500 },
    );
  });
});
