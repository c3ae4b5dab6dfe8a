/**
 * A JSON number whose text is not a plain integer (`4.0`, `1e0`, `-0`). `JSON.parse` turns `4.0`
 * into 4, so the source text is kept to let validation reject what the client really wrote.
 */
export class NonIntegerJsonNumber {
  constructor(readonly source: string) {}

  toString(): string {
    return this.source;
  }
}

/**
 * Replaces each top-level number of a parsed JSON object whose source is not a plain integer
 * literal by a `NonIntegerJsonNumber`. `text` must already have parsed as a JSON object.
 * Node 20's `JSON.parse` gives revivers no source text, so this scans the top level itself.
 */
export function markNonIntegerNumbers(text: string, parsed: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = Object.fromEntries(Object.entries(parsed));

  for (const [name, source] of topLevelNumberSources(text)) {
    if (typeof result[name] === 'number' && !/^-?(0|[1-9]\d*)$/.test(source)) {
      result[name] = new NonIntegerJsonNumber(source);
    }
  }

  return result;
}

/** Returns the first name that appears twice at the top level of a JSON object text, if any. */
export function findRepeatedTopLevelName(text: string): string | undefined {
  const seen = new Set<string>();
  for (const [name] of topLevelMembers(text)) {
    if (seen.has(name)) {
      return name;
    }

    seen.add(name);
  }

  return undefined;
}

function* topLevelNumberSources(text: string): Generator<[string, string]> {
  for (const [name, source] of topLevelMembers(text)) {
    if (/^-?\d/.test(source)) {
      yield [name, source];
    }
  }
}

/** Yields `[name, value source]` for each top-level member of a JSON object text. */
function* topLevelMembers(text: string): Generator<[string, string]> {
  let index = text.indexOf('{') + 1;

  while (index > 0 && index < text.length) {
    index = skipWhitespace(text, index);
    if (text[index] !== '"') {
      return;
    }

    const keyEnd = endOfString(text, index);
    const name = JSON.parse(text.slice(index, keyEnd)) as string;
    index = skipWhitespace(text, keyEnd);
    index = skipWhitespace(text, index + 1);

    const valueEnd = endOfValue(text, index);
    yield [name, text.slice(index, valueEnd).trim()];

    index = skipWhitespace(text, valueEnd) + 1;
  }
}

function skipWhitespace(text: string, index: number): number {
  let position = index;
  while (position < text.length && ' \t\n\r'.includes(text[position] ?? '')) {
    position += 1;
  }

  return position;
}

/** Returns the index just past the string that starts with the quote at `start`. */
function endOfString(text: string, start: number): number {
  let position = start + 1;
  while (position < text.length && text[position] !== '"') {
    position += text[position] === '\\' ? 2 : 1;
  }

  return position + 1;
}

/** Returns the index of the comma or closing brace that ends the value starting at `start`. */
function endOfValue(text: string, start: number): number {
  let depth = 0;
  let position = start;

  while (position < text.length) {
    const character = text[position];
    if (character === '"') {
      position = endOfString(text, position);
      continue;
    }

    if (character === '{' || character === '[') {
      depth += 1;
    } else if (character === '}' || character === ']') {
      if (depth === 0) {
        return position;
      }
      depth -= 1;
    } else if (character === ',' && depth === 0) {
      return position;
    }

    position += 1;
  }

  return position;
}
