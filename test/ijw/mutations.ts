// Deterministic mutations of valid iJw messages for the differential test against xmllint.
// Works on the text with a tiny tag index of its own (the examples have no comments or CDATA),
// so the generator does not depend on the reader under test.

export interface Mutation {
  description: string;
  bytes: Uint8Array;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Node {
  qname: string;
  prefix: string;
  local: string;
  start: number; // '<' of the start tag
  openEnd: number; // after '>' of the start tag
  closeStart: number; // '<' of the end tag
  end: number; // after '>' of the end tag
  children: Node[];
  parent: Node | null;
}

function index(text: string): Node {
  const re = /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?>/g;
  const stack: Node[] = [];
  let root: Node | null = null;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const qname = m[2]!;
    if (m[1] === '/') {
      const n = stack.pop()!;
      n.closeStart = m.index;
      n.end = m.index + m[0].length;
      continue;
    }
    const colon = qname.indexOf(':');
    const parent = stack[stack.length - 1] ?? null;
    const n: Node = {
      qname, prefix: colon === -1 ? '' : qname.slice(0, colon), local: qname.slice(colon + 1),
      start: m.index, openEnd: m.index + m[0].length, closeStart: -1, end: -1, children: [], parent,
    };
    if (parent === null) root = n;
    else parent.children.push(n);
    stack.push(n);
  }
  if (root === null) throw new Error('no root');
  return root;
}

function all(n: Node): Node[] {
  return [n, ...n.children.flatMap(all)];
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

export const VALUE_BANK = [
  '', ' ', 'abc', '12x', '-1', '-0', '+0', '0', '00', '1', '+3', ' 3 ', '3 ', '03', '4', '3.0', '1.5', '1e3', '99', '100', '999',
  '99999', '100000', '99999999', '999900000', '999999999', '1000000000', '999999999999', '1000000000000',
  '0000000000000000000000000000000000001', '1234567890123456789012345', '999912345', '12345678', '1234', '0363', '999900006',
  '99990000', '9999000061', ' 999900006', '999900006 ', 'C', 'D', 'c', 'X', 'NL', 'nl', 'ZZ', '01', '1 ', '02', '20', '31', '39', '40',
  '55', '56', '9350', 'S300', 's300', '0200 ', 'AB', 'TO', '1.0.0', '01.0.0', '1.0', '1.0.0.0', '10.20.30', 'Wit', '  Wit', 'W\tt',
  'W\nt', '\n', '\t', 'T', 'TT', 'ABCDEF', 'ABCDEFG', 'é', 'Ö', 'ỳ', 'ỹ', 'Ø', '×', 'A1', 'a-b', 'x'.repeat(201), 'x'.repeat(200),
  'x'.repeat(13), 'x'.repeat(12), 'x'.repeat(36), 'x'.repeat(37), 'een\ntwee', ' . ', '.', '. .', '\u00a0', 'a\u00a0b', '😀',
  '12:00:00', '23:59:59', '24:00:00', '12:00', '12:00:00Z', '12:00:00+01:00', '12:00:00.5', '12:60:00', '12:00:60', '1:00:00',
  '2024-02-29', '2023-02-29', '2100-02-29', '2000-02-29', '2027-06-31', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00',
  '2026-1-01', '26-01-01', '0000-01-01', '-0001-01-01', '-0004-02-29', '12026-01-01', '02026-01-01', '2026-01-01Z', '2026-01-01+01:00',
  '2026-01-01-05:00', '2026-01-01T00:00:00', ' 2026-01-01 ', '2026-01-01 x', '2026/01/01', '20260101', '&amp;', '&lt;', '&#48;',
  '&#x20;1', '<![CDATA[1]]>', '1<!-- c -->2', '<?pi?>1',
];

export const DATE_BANK = [
  '2027-06-31', '2023-02-29', '2024-02-29', '2100-02-29', '2000-02-29', '2026-11-31', '2026-12-31', '2026-12-32', '2026-13-01',
  '2026-00-01', '2026-01-00', '0000-01-01', '-2026-01-01', '-0001-02-29', '-0004-02-29', '10000-01-01', '010000-01-01', '2026-1-1',
  '2026-01-01Z', '2026-01-01+01:00', '2026-01-01-14:00', '2026-01-01+14:00', '2026-01-01-13:59', '2026-01-01-05', '2026-01-01 ',
  ' 2026-01-01', '2026-01-01\n', '2026-01- 01', '2026-01-01T12:00:00', '2026-01', '2026', 'yesterday', '',
];

const INVALID_BYTES: number[][] = [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xf4, 0x90, 0x80, 0x80], [0x01], [0x0c], [0xef, 0xbf, 0xbe]];

const enc = new TextEncoder();

type Op = (text: string, root: Node, r: Rand) => { description: string; text?: string; bytes?: Uint8Array } | null;

const leaves = (root: Node) => all(root).filter((n) => n.children.length === 0 && n.closeStart !== -1);
const replaceRange = (t: string, a: number, b: number, s: string) => t.slice(0, a) + s + t.slice(b);
const show = (s: string) => JSON.stringify(s.length > 40 ? s.slice(0, 37) + '...' : s);

const ops: { name: string; weight: number; op: Op }[] = [
  { name: 'value', weight: 5, op: (t, root, r) => {
    const n = pick(r, leaves(root));
    const v = pick(r, VALUE_BANK);
    return { description: `${n.local} := ${show(v)}`, text: replaceRange(t, n.openEnd, n.closeStart, v) };
  } },
  { name: 'date', weight: 2, op: (t, root, r) => {
    const dates = leaves(root).filter((n) => /^\d{4}-\d\d-\d\d$/.test(t.slice(n.openEnd, n.closeStart)));
    if (dates.length === 0) return null;
    const n = pick(r, dates);
    const v = pick(r, DATE_BANK);
    return { description: `date ${n.local} := ${show(v)}`, text: replaceRange(t, n.openEnd, n.closeStart, v) };
  } },
  { name: 'tweak', weight: 3, op: (t, root, r) => {
    const n = pick(r, leaves(root));
    const old = t.slice(n.openEnd, n.closeStart);
    const tweaks: [string, string][] = [
      ['longer', old + old.slice(-1)], ['much longer', old.repeat(20)], ['shorter', old.slice(1)], ['leading zero', '0' + old],
      ['leading space', ' ' + old], ['trailing tab', old + '\t'], ['plus sign', '+' + old], ['minus sign', '-' + old],
      ['lower case', old.toLowerCase()], ['upper case', old.toUpperCase()], ['inner newline', old.slice(0, 1) + '\n' + old.slice(1)],
      ['comment inside', old.slice(0, 1) + '<!--x-->' + old.slice(1)], ['cdata', `<![CDATA[${old}]]>`], ['char ref', `&#${old.codePointAt(0) ?? 32};${old.slice(1)}`],
      ['digit +1', old.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1) % 10))], ['accent', old + 'é'], ['nbsp', old + '\u00a0'],
    ];
    const [what, v] = pick(r, tweaks);
    return { description: `${n.local} ${what}: ${show(v)}`, text: replaceRange(t, n.openEnd, n.closeStart, v) };
  } },
  { name: 'remove', weight: 3, op: (t, root, r) => {
    const n = pick(r, all(root).slice(1));
    return { description: `remove ${n.local}`, text: replaceRange(t, n.start, n.end, '') };
  } },
  { name: 'duplicate', weight: 3, op: (t, root, r) => {
    const n = pick(r, all(root).slice(1));
    return { description: `duplicate ${n.local}`, text: replaceRange(t, n.end, n.end, t.slice(n.start, n.end)) };
  } },
  { name: 'swap', weight: 3, op: (t, root, r) => {
    const parents = all(root).filter((n) => n.children.length >= 2);
    const p = pick(r, parents);
    const i = Math.floor(r() * (p.children.length - 1));
    const j = r() < 0.7 ? i + 1 : Math.floor(r() * p.children.length);
    if (i === j) return null;
    const [a, b] = i < j ? [p.children[i]!, p.children[j]!] : [p.children[j]!, p.children[i]!];
    const text = t.slice(0, a.start) + t.slice(b.start, b.end) + t.slice(a.end, b.start) + t.slice(a.start, a.end) + t.slice(b.end);
    return { description: `swap ${a.local} <-> ${b.local}`, text };
  } },
  { name: 'unknown', weight: 2, op: (t, root, r) => {
    const p = pick(r, all(root).filter((n) => n.children.length > 0));
    const at = r() < 0.5 ? p.children[Math.floor(r() * p.children.length)]!.start : p.closeStart;
    const prefix = pick(r, [p.prefix, p.prefix, 'ijw', '']);
    const q = prefix === '' ? 'Onbekend' : `${prefix}:Onbekend`;
    return { description: `insert <${q}> into ${p.local}`, text: replaceRange(t, at, at, `<${q}>1</${q}>`) };
  } },
  { name: 'rename', weight: 2, op: (t, root, r) => {
    const n = pick(r, all(root));
    const prefixes = [...new Set(all(root).map((x) => x.prefix))];
    const choice = r();
    const q = choice < 0.4 ? `${n.prefix}:${n.local}x` : choice < 0.8 ? `${pick(r, prefixes.filter((p) => p !== n.prefix)) ?? 'ijw'}:${n.local}` : n.local;
    const text = t.slice(0, n.start + 1) + q + t.slice(n.start + 1 + n.qname.length, n.closeStart + 2) + q + t.slice(n.closeStart + 2 + n.qname.length);
    return { description: `rename ${n.qname} -> ${q}`, text };
  } },
  { name: 'truncate', weight: 2, op: (t, _root, r) => {
    const bytes = enc.encode(t);
    const at = Math.floor(r() * bytes.length);
    return { description: `truncate at byte ${at}/${bytes.length}`, bytes: bytes.slice(0, at) };
  } },
  { name: 'encoding', weight: 2, op: (t, _root, r) => {
    const bytes = enc.encode(t);
    const at = Math.floor(r() * bytes.length);
    const bad = pick(r, INVALID_BYTES);
    const replace = r() < 0.3;
    const out = new Uint8Array(bytes.length + bad.length - (replace ? 1 : 0));
    out.set(bytes.subarray(0, at), 0);
    out.set(bad, at);
    out.set(bytes.subarray(replace ? at + 1 : at), at + bad.length);
    return { description: `${replace ? 'replace byte' : 'insert bytes'} at ${at}: ${bad.map((b) => b.toString(16)).join(' ')}`, bytes: out };
  } },
  { name: 'namespace', weight: 2, op: (t, root, r) => {
    const variants: [string, string][] = [
      ['drop xmlns:ijw', t.replace(/\s+xmlns:ijw="[^"]*"/, '')],
      ['drop message xmlns', t.replace(new RegExp(`\\s+xmlns:${root.prefix}="[^"]*"`), '')],
      ['ijw namespace 3_1', t.replace('ijw/3_2/basisschema', 'ijw/3_1/basisschema')],
      ['message namespace 3_1', t.replace(/(xmlns:jw\d+="[^"]*)3_2/, '$1' + '3_1')],
      ['other message namespace', t.replace(/(xmlns:jw\d+="[^"]*\/)jw\d+\//, '$1jw399/')],
      ['default namespace added', t.replace(`<${root.qname} `, `<${root.qname} xmlns="urn:other" `)],
      ['unprefixed root', t.replace(`<${root.qname} `, '<Bericht ').replace(`</${root.qname}>`, '</Bericht>')],
      ['swap prefixes', t.replace(/xmlns:ijw=/, 'xmlns:tmp=').replace(/xmlns:(jw\d+)=/, 'xmlns:ijw=').replace('xmlns:tmp=', `xmlns:${root.prefix}=`)],
    ];
    const [what, text] = pick(r, variants);
    return { description: what, text };
  } },
  { name: 'header', weight: 2, op: (t, root, r) => {
    const el = pick(r, ['BerichtCode', 'BerichtVersie', 'BerichtSubversie']);
    const re = new RegExp(`(<${root.prefix}:${el}>)([^<]*)(<)`);
    const v = pick(r, el === 'BerichtCode'
      ? ['436', '437', '438', '439', '440', '441', '446', '447', '486', '487', '488', '489', '490', '491', '999', '4380', ' 438', '438 ', '', 'abc', '0438']
      : ['3', '2', ' 3 ', '+3', '03', '3.0', '', '4', '33', '-3', ' 2', '2\n']);
    return { description: `${el} := ${show(v)}`, text: t.replace(re, `$1${v}$3`) };
  } },
  { name: 'attribute', weight: 2, op: (t, root, r) => {
    const n = pick(r, all(root));
    const typeName = pick(r, ['ijw:LDT_Geslacht', 'ijw:LDT_Datum', 'ijw:CDT_VerkorteNaam', `${root.prefix}:Header`, `${root.prefix}:Client`, `${root.prefix}:Root`, 'xs:string']);
    const attrs = [
      'foo="1"', 'xml:lang="nl"', 'xmlns:x="urn:x"', 'xmlns:x=""', 'x:y="1"',
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="false"',
      `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" xsi:type="${typeName}"`,
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:a b.xsd"',
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:foo="1"', 'a="1" a="2"', 'a="<"', "b='&amp;'",
    ];
    const a = pick(r, attrs);
    const at = n.start + 1 + n.qname.length;
    return { description: `attribute ${a} on ${n.local}`, text: replaceRange(t, at, at, ' ' + a) };
  } },
  { name: 'text', weight: 2, op: (t, root, r) => {
    const p = pick(r, all(root).filter((n) => n.children.length > 0));
    const at = p.children[Math.floor(r() * p.children.length)]!.start;
    const s = pick(r, ['x', ' ', '&#32;', '&#160;', '<![CDATA[ ]]>', '<![CDATA[]]>', '<!-- note -->', '<?pi data?>', '&amp;', '\n\t\t', '&foo;', ']]>', '<!-- a -- b -->']);
    return { description: `insert ${show(s)} into ${p.local}`, text: replaceRange(t, at, at, s) };
  } },
  { name: 'markup', weight: 1, op: (t, root, r) => {
    const n = pick(r, all(root));
    const variants: [string, string][] = [
      ['end tag typo', t.slice(0, n.closeStart + 2) + n.qname + 'x' + t.slice(n.closeStart + 2 + n.qname.length)],
      ['drop >', replaceRange(t, n.openEnd - 1, n.openEnd, '')],
      ['self-close', replaceRange(t, n.start, n.end, `<${n.qname}/>`)],
      ['empty', replaceRange(t, n.openEnd, n.closeStart, '')],
      ['junk after root', t.trimEnd() + '\nx\n'],
      ['comment after root', t + '<!-- end -->'],
      ['pi before root', t.replace(/\?>/, '?><?pi x?>')],
      ['space before declaration', ' ' + t],
      ['no declaration', t.replace(/^<\?xml[^>]*\?>\s*/, '')],
      ['declaration version 1.1', t.replace('version="1.0"', 'version="1.1"')],
      ['bom', '\ufeff' + t],
      ['crlf', t.replace(/\r?\n/g, '\r\n')],
      ['cr only', t.replace(/\r?\n/g, '\r')],
    ];
    const [what, text] = pick(r, variants);
    return { description: `${what} (${n.local})`, text };
  } },
];

const totalWeight = ops.reduce((s, o) => s + o.weight, 0);

/** `count` mutations of one valid message, the same for the same seed. */
export function mutate(source: string, count: number, seed: number): Mutation[] {
  const r = mulberry32(seed);
  const root = index(source);
  const out: Mutation[] = [];
  let guard = 0;
  while (out.length < count && guard++ < count * 20) {
    let x = r() * totalWeight;
    const o = ops.find((op) => (x -= op.weight) < 0) ?? ops[0]!;
    const m = o.op(source, root, r);
    if (m === null) continue;
    const bytes = m.bytes ?? enc.encode(m.text ?? source);
    out.push({ description: `${o.name}: ${m.description}`, bytes });
  }
  return out;
}

/** Every value of the banks in the first element of every distinct leaf name (an exhaustive sweep). */
export function valueSweep(source: string): Mutation[] {
  const root = index(source);
  const seen = new Set<string>();
  const out: Mutation[] = [];
  for (const n of leaves(root)) {
    if (seen.has(n.local)) continue;
    seen.add(n.local);
    for (const v of [...VALUE_BANK, ...DATE_BANK]) {
      out.push({ description: `sweep ${n.local} := ${show(v)}`, bytes: enc.encode(replaceRange(source, n.openEnd, n.closeStart, v)) });
    }
  }
  return out;
}
