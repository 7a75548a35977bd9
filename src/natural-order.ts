// The order people expect names in: "Channel 2" before "Channel 10", "émile" beside "Emile",
// "bach" beside "Bach". Postgres sorts by bytes (or its collation) and YouTube's "alphabetical"
// is neither, so lists a person reads are put in this order in one place.

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b);
}

/** A copy sorted by the name `nameOf` gives, ties kept in their original order. */
export function naturallySorted<T>(items: ReadonlyArray<T>, nameOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => naturalCompare(nameOf(a), nameOf(b)));
}
