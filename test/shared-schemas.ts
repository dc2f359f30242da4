/**
 * The SARIF 2.1.0 and Compose JSON schemas live in `../shared/schemas` beside the checkout, not
 * in the repository. A clone without `../shared` still runs the whole suite: the tests whose
 * point is a schema check are skipped (vitest lists them as skipped), and tests that only also
 * validate do everything else.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import { Ajv } from 'ajv';

const DIR = fileURLToPath(new URL('../../shared/schemas/', import.meta.url));

function load(name: string): Record<string, unknown> | undefined {
  const file = DIR + name;
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined;
}

export type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };

let sarif: Validate | undefined | null = null;
let compose: Validate | undefined | null = null;

/** The SARIF 2.1.0 schema (draft-04) as a validator; undefined without ../shared. */
export function sarifValidator(): Validate | undefined {
  if (sarif === null) {
    const schema = load('sarif-schema-2.1.0.json');
    sarif = schema && (new AjvDraft04.default({ strict: false, logger: false, allErrors: true, validateFormats: false }).compile(schema) as Validate);
  }
  return sarif;
}

/** The Compose specification schema as a validator; undefined without ../shared. */
export function composeValidator(): Validate | undefined {
  if (compose === null) {
    const loaded = load('compose-spec.json');
    // Its `$schema` names a meta-schema Ajv does not bundle; the keywords it uses are draft-07's.
    const { $schema: _meta, ...schema } = loaded ?? {};
    compose = loaded && (new Ajv({ strict: false }).compile(schema) as Validate);
  }
  return compose;
}
