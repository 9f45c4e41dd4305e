// Carrier text with some ranges marked (a search's matches). The text is untrusted: it is split
// into plain React text nodes and <mark> elements, never parsed as HTML, and each piece goes
// through safeText (bidi overrides and control characters removed) after the split, so the
// ranges — positions in the original text — stay right.
import { safeText } from '../lib/safeText';

export function HighlightedText({ text, ranges }: { text: string; ranges: readonly (readonly [number, number])[] }) {
  const parts: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end <= start || end > text.length) continue;
    if (start > at) parts.push({ text: text.slice(at, start), hit: false });
    parts.push({ text: text.slice(start, end), hit: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), hit: false });
  return (
    <span className="highlighted-text">
      {parts.map((p, i) => (p.hit ? <mark key={i}>{safeText(p.text)}</mark> : <span key={i}>{safeText(p.text)}</span>))}
    </span>
  );
}
