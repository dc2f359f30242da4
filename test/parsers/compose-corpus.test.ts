/**
 * Every real compose file in the shared corpus: parsing never throws, the files that fail are
 * exactly the known-broken ones below, and the editor's changes to every editable service give
 * a file that still parses, keeps its services, means what the change says and, when the
 * original satisfied the compose schema, still does.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ContainerEditor, ContainerSpec } from '../../src/model/container.js';
import type { Edit } from '../../src/model/edit.js';
import { sourceFromText } from '../../src/model/source.js';
import { isComposeText, parseCompose } from '../../src/parsers/compose.js';
import { composeValidator } from '../shared-schemas.js';

const corpus = fileURLToPath(new URL('../../../shared/corpus/compose', import.meta.url));

/**
 * Files cguard cannot read, with the reason Compose rejects them too; a parse error anywhere
 * else is a regression. Every file in the corpus is readable YAML with a mapping at the top
 * (the corpus was selected that way), so the list is empty. Files that break the compose
 * schema but not YAML, such as docker/compose's `wrong-composefile` fixture (an unknown
 * service key), are read normally: schema checks are not parse errors.
 */
const KNOWN_BROKEN: Record<string, string> = {};

/** Files in the corpus that have no top-level `services` mapping (so discovery skips them as plain YAML). */
const NOT_SERVICES: Record<string, string> = {
  'compose-spec__compose-go/loader/testdata/combined/compose.yaml': 'only `include:`',
  'compose-spec__compose-go/loader/testdata/include/compose.yaml': 'only `include:`',
  'docker__compose/pkg/e2e/testdata/TestUpWithAllResources/compose.yaml': 'only volumes and networks',
  'jessfraz__dockerfiles/openvpn/docker-compose.yml': 'Compose file format 1 (services at the top level)',
  'runtipi__runtipi-appstore/apps/docker-compose.common.yml': 'only version and networks',
};

function composeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? composeFiles(path) : [path];
  });
}

function apply(text: string, edits: Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

const files = existsSync(corpus) ? composeFiles(corpus).map((path) => ({ name: relative(corpus, path).split('\\').join('/'), raw: readFileSync(path, 'utf8') })) : [];

describe.skipIf(files.length === 0)('compose corpus', () => {
  it('parses every file without throwing, failing only on the known-broken ones', () => {
    const failing: Record<string, string> = {};
    for (const { name, raw } of files) {
      const result = parseCompose(sourceFromText(name, 'compose', raw));
      if (result.errors.length > 0) failing[name] = result.errors[0]!.message;
    }
    expect(Object.keys(failing).sort()).toEqual(Object.keys(KNOWN_BROKEN).sort());
    expect(files.length).toBeGreaterThan(700);
  });

  it('reads a file that breaks the schema but not YAML', () => {
    const wrong = files.find(({ name }) => name === 'docker__compose/pkg/e2e/fixtures/wrong-composefile/compose.yaml');
    expect(wrong).toBeDefined();
    const result = parseCompose(sourceFromText(wrong!.name, 'compose', wrong!.raw));
    expect(result.errors).toEqual([]);
    expect(result.model!.services.map((service) => [service.name, service.container.image?.value.raw])).toEqual([['simple', 'nginx:alpine']]);
  });

  it('recognises every file with services as compose by its text', () => {
    const skipped = files.filter(({ raw }) => !isComposeText(raw)).map(({ name }) => name);
    expect(skipped.sort()).toEqual(Object.keys(NOT_SERVICES).sort());
  });

  /**
   * Services do not share text, so their edits cannot overlap: each file gets one change per
   * service, taking the changes in turn, and is parsed once to check all of them.
   */
  const changes: Array<{ make: (editor: ContainerEditor) => Edit[] | undefined; holds: (container: ContainerSpec) => boolean }> = [
    { make: (editor) => editor.set('readOnly', 'true'), holds: (container) => container.readOnly?.value === true },
    { make: (editor) => editor.add('capDrop', 'ALL'), holds: (container) => container.capDrop.some((cap) => /^(CAP_)?ALL$/i.test(cap.value)) },
    {
      make: (editor) => editor.add('logOpt', 'max-size=10m'),
      holds: (container) => container.logOptions.some((option) => option.value.key === 'max-size' && option.value.value === '10m'),
    },
    {
      make: (editor) =>
        editor.batch!([
          { op: 'set', setting: 'readOnly', value: 'true' },
          { op: 'add', list: 'tmpfs', item: '/tmp' },
          { op: 'add', list: 'logOpt', item: 'max-file=3' },
        ]),
      holds: (container) =>
        container.readOnly?.value === true &&
        container.tmpfs.some((mount) => mount.value.startsWith('/tmp')) &&
        container.logOptions.some((option) => option.value.key === 'max-file' && option.value.value === '3'),
    },
  ];

  it('changes every editable service into a file that parses, means the change and stays valid', () => {
    const validate = composeValidator()!;
    let turn = 0;
    const edited = changes.map(() => 0);
    for (const { name, raw } of files) {
      const file = sourceFromText(name, 'compose', raw);
      const model = parseCompose(file).model;
      if (!model) continue;
      const changedBy = new Map<string, number>();
      const edits: Edit[] = [];
      for (const service of model.services) {
        const index = turn++ % changes.length;
        const made = service.container.editor && changes[index]!.make(service.container.editor);
        if (!made) continue;
        changedBy.set(service.name, index);
        edited[index]!++;
        edits.push(...made);
      }
      if (edits.length === 0) continue;
      const sorted = [...edits].sort((a, b) => a.start - b.start);
      sorted.slice(1).forEach((edit, i) => expect(edit.start, name).toBeGreaterThanOrEqual(sorted[i]!.end));
      const after = parseCompose({ ...file, text: apply(raw, edits) });
      expect(after.errors, name).toEqual([]);
      expect(after.model!.services.map((service) => service.name), name).toEqual(model.services.map((service) => service.name));
      for (const service of after.model!.services) {
        const index = changedBy.get(service.name);
        if (index !== undefined) expect(changes[index]!.holds(service.container), `${name}: ${service.name}`).toBe(true);
      }
      if (validate(model.doc.toJS())) expect(validate(after.model!.doc.toJS()), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    for (const count of edited) expect(count).toBeGreaterThan(200);
  }, 60_000);
});
