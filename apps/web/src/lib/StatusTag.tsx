import { ColorTag } from './ColorTag';

export function StatusTag<K extends string>({ map, value }: { map: Record<K, { text: string; color: string }>; value: K }) {
  const entry = map[value];
  return <ColorTag tone={entry?.color}>{entry?.text ?? value}</ColorTag>;
}
