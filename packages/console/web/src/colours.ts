/**
 * Colours for services and series. Assigned by sorted name within what one view shows, so no two things
 * side by side share a colour (a hash into a small palette would make that common).
 */
const palette = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#e15759',
  '#edc948',
  '#9c755f',
  '#ff9da7',
  '#8c6bb1',
  '#6b8e23',
  '#17becf',
];

export function colourAt(index: number): string {
  return palette[index % palette.length]!;
}

/** name → colour for every distinct name given: the same names always get the same colours. */
export function coloursFor(names: Iterable<string>): (name: string) => string {
  const sorted = [...new Set(names)].sort();
  const colours = new Map(sorted.map((name, i) => [name, colourAt(i)]));
  return (name) => colours.get(name) ?? '#999';
}
