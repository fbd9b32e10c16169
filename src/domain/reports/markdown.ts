// The college's own comment in a council report [issue 13 "The council report"]: Markdown read
// simply, into blocks a renderer writes out (escaped) — headings (#, ##, ###), paragraphs, bulleted
// (-, *, +) and numbered (1.) lists; the markers of strong emphasis are dropped. Anything else (links,
// HTML, code) stays as the text it is: the renderers escape it, so nothing in a comment can become markup. Pure.

export type MarkdownBlock =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly string[] };

/** The most characters of a comment (about four pages of text). */
export const MAX_COMMENT_CHARS = 20_000;

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const BULLET = /^[ \t]{0,3}[-*+][ \t]+(.*)$/;
const NUMBERED = /^[ \t]{0,3}\d{1,9}[.)][ \t]+(.*)$/;

/** Text with the markers of strong emphasis (**x**, __x__) taken away: the report shows plain text. */
const plain = (text: string) => text.replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2');

/** Blocks of a Markdown text; lines of one paragraph or list item are joined by a space. */
export function parseMarkdown(text: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: plain(paragraph.join(' ')) });
    paragraph = [];
    if (list) blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map(plain) });
    list = undefined;
  };
  // Control characters other than tab and newline are dropped (they mean nothing in a comment).
  const clean = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  for (const raw of clean.split('\n')) {
    const line = raw.replace(/[ \t]+$/, '');
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      const level = Math.min(heading[1]!.length, 3) as 1 | 2 | 3;
      if (heading[2]!.trim() !== '') blocks.push({ kind: 'heading', level, text: plain(heading[2]!.trim()) });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      const ordered = numbered !== null;
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(item[1]!.trim());
      continue;
    }
    if (list && /^[ \t]+\S/.test(raw)) {
      // an indented line continues the list item above it
      list.items[list.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    if (list) flush();
    paragraph.push(line.trim());
  }
  flush();
  return blocks;
}
