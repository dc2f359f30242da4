/**
 * The machinery behind the policy field catalogue: field types, building plain-data views from
 * a catalogue, resolving a field path statically, and "did you mean" suggestions.
 *
 * The catalogue itself (which fields exist and how each is read from the model) lives in
 * `model-view.ts`. Views are *built from* the catalogue, so a field cannot exist in a view
 * without being documented, and a documented field cannot be missing from the view.
 */

export type FieldType =
  | { kind: 'string' | 'number' | 'boolean' }
  | { kind: 'nullable'; of: FieldType }
  | { kind: 'list'; of: FieldType }
  /** Keys chosen by the data (unit sections, log options); values all of one type. */
  | { kind: 'record'; key: string; of: FieldType }
  | { kind: 'object'; fields: readonly FieldSpec[] };

export interface FieldSpec {
  name: string;
  type: FieldType;
  description: string;
  /** Reads the raw value from the parent's source value; `build` converts and checks it. */
  get: (source: never) => unknown;
}

export const str: FieldType = { kind: 'string' };
export const num: FieldType = { kind: 'number' };
export const bool: FieldType = { kind: 'boolean' };
export const nullable = (of: FieldType): FieldType => ({ kind: 'nullable', of });
export const list = (of: FieldType): FieldType => ({ kind: 'list', of });
export const record = (key: string, of: FieldType): FieldType => ({ kind: 'record', key, of });
export const object = (fields: readonly FieldSpec[]): FieldType => ({ kind: 'object', fields });

/** Declares a field whose source value is of type `S` (the parent's model object). */
export function field<S>(
  name: string,
  type: FieldType,
  description: string,
  get: (source: S) => unknown,
): FieldSpec {
  return { name, type, description, get };
}

export type ViewValue =
  | string
  | number
  | boolean
  | null
  | readonly ViewValue[]
  | { readonly [key: string]: ViewValue };
export type View = { readonly [key: string]: ViewValue };

/**
 * Converts a raw value to view data of the declared type and freezes it. A getter that
 * returns the wrong shape is a programming error in the catalogue, so it throws.
 */
export function build(type: FieldType, raw: unknown, path: string): ViewValue {
  switch (type.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      if (typeof raw !== type.kind) throw new TypeError(`view field ${path}: expected ${type.kind}`);
      return raw as ViewValue;
    case 'nullable':
      return raw === null || raw === undefined ? null : build(type.of, raw, path);
    case 'list': {
      if (!Array.isArray(raw)) throw new TypeError(`view field ${path}: expected a list`);
      return Object.freeze(raw.map((item, i) => build(type.of, item, `${path}[${i}]`)));
    }
    case 'record': {
      const entries = raw instanceof Map ? [...raw] : Object.entries(raw as object);
      // Object.fromEntries defines own data properties, so a key such as `__proto__` taken
      // from a unit file stays an ordinary key instead of replacing the prototype.
      return Object.freeze(
        Object.fromEntries(entries.map(([k, v]) => [k, build(type.of, v, `${path}.${k}`)])),
      );
    }
    case 'object': {
      const out: Record<string, ViewValue> = {};
      for (const f of type.fields) {
        const get = f.get as (source: unknown) => unknown;
        out[f.name] = build(f.type, get(raw), `${path}.${f.name}`);
      }
      return Object.freeze(out);
    }
  }
}

/** Removes `nullable` wrappers: member access on null yields undefined, so the inner type decides. */
export function unwrap(type: FieldType): FieldType {
  return type.kind === 'nullable' ? unwrap(type.of) : type;
}

/** What a property name means on a value of a known type, for the compiler and templates. */
export type Resolution = { ok: true; type: FieldType } | { ok: false; message: string };

/**
 * Resolves `objectText.key` where `objectText` (the expression as the user wrote it, for the
 * message) has the given type. Unknown fields get the nearest known name as a suggestion.
 */
export function resolveProperty(type: FieldType, key: string | number, objectText: string): Resolution {
  const t = unwrap(type);
  const written = typeof key === 'number' ? `${objectText}[${key}]` : `${objectText}.${key}`;
  switch (t.kind) {
    case 'object': {
      const found = t.fields.find((f) => f.name === key);
      if (found) return { ok: true, type: found.type };
      const suggestion = closest(String(key), t.fields.map((f) => f.name));
      const hint = suggestion === undefined ? '' : `; did you mean \`${objectText}.${suggestion}\`?`;
      return { ok: false, message: `unknown field \`${written}\`${hint}` };
    }
    case 'record':
      return { ok: true, type: t.of };
    case 'list':
    case 'string':
      if (key === 'length') return { ok: true, type: num };
      if (typeof key === 'number') return { ok: true, type: t.kind === 'list' ? t.of : str };
      return {
        ok: false,
        message: `\`${objectText}\` is a ${t.kind}; it has \`length\` and [index] but no field \`${key}\``,
      };
    default:
      return { ok: false, message: `\`${objectText}\` is a ${t.kind} and has no field \`${key}\`` };
  }
}

/** Every field path of a catalogue, depth first, for documentation and suggestions. */
export interface FieldPath {
  /** `image.registry`, `mounts[].source`, `sections.<section>.<key>`. */
  path: string;
  type: FieldType;
  description: string;
}

export function flatten(fields: readonly FieldSpec[], prefix = ''): FieldPath[] {
  const out: FieldPath[] = [];
  for (const f of fields) {
    const path = prefix + f.name;
    out.push({ path, type: f.type, description: f.description });
    out.push(...nested(f.type, path));
  }
  return out;
}

function nested(type: FieldType, path: string): FieldPath[] {
  const t = unwrap(type);
  if (t.kind === 'object') return flatten(t.fields, `${path}.`);
  if (t.kind === 'list') return nested(t.of, `${path}[]`);
  if (t.kind === 'record') return nested(t.of, `${path}.<${t.key}>`);
  return [];
}

/** `string | null`, `string[]`, `object[]`, `{ [key]: string }`, as the docs show types. */
export function typeName(type: FieldType): string {
  switch (type.kind) {
    case 'nullable':
      return `${typeName(type.of)} | null`;
    case 'list': {
      const inner = typeName(type.of);
      return inner.includes(' ') ? `(${inner})[]` : `${inner}[]`;
    }
    case 'record':
      return `{ [${type.key}]: ${typeName(type.of)} }`;
    case 'object':
      return 'object';
    default:
      return type.kind;
  }
}

/**
 * Edit distance counting a swap of two neighbouring letters as one edit (optimal string
 * alignment), since `imgae` for `image` is the typical typo. Names are short, so the
 * quadratic table is fine.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate nearest to `name`, when it is near enough to be a typo: a case-only
 * difference, or at most a third of the name's letters wrong (at least one, at most three).
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameLetters = candidates.find((c) => c.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * A suggestion for an unknown top-level name: the nearest top-level field, or the full path of
 * a nested field of that name (`registry` → `image.registry`).
 */
export function suggestTopLevel(fields: readonly FieldSpec[], name: string): string | undefined {
  const direct = closest(name, fields.map((f) => f.name));
  if (direct !== undefined) return direct;
  const suffix = `.${name.toLowerCase()}`;
  return flatten(fields)
    .map((f) => f.path)
    .find((p) => !p.includes('[') && !p.includes('<') && p.toLowerCase().endsWith(suffix));
}
