import type { ReactNode } from 'react';

/** `text` with every case-insensitive occurrence of `query` wrapped in `<mark>`. */
export function Highlight({ text, query }: { text: string; query: string }): ReactNode {
  if (query === '') return text;
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  const parts: ReactNode[] = [];
  let at = 0;
  for (let hit = lower.indexOf(needle); hit >= 0; hit = lower.indexOf(needle, at)) {
    if (hit > at) parts.push(text.slice(at, hit));
    parts.push(<mark key={hit}>{text.slice(hit, hit + needle.length)}</mark>);
    at = hit + needle.length;
  }
  if (at === 0) return text;
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
