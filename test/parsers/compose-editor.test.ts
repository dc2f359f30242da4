import { describe, expect, it } from 'vitest';
import type { ContainerEditor, ContainerSpec } from '../../src/model/container.js';
import type { Edit } from '../../src/model/edit.js';
import { sourceFromText } from '../../src/model/source.js';
import { parseCompose } from '../../src/parsers/compose.js';
import { composeValidator } from '../shared-schemas.js';

const validateCompose = composeValidator();

function apply(text: string, edits: Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

function parse(text: string) {
  const result = parseCompose(sourceFromText('compose.yaml', 'compose', text));
  expect(result.errors).toEqual([]);
  return result.model!;
}

type Operation = (editor: ContainerEditor, container: ContainerSpec) => Edit[] | undefined;

/** Edit service `name`, check the edits do not overlap, and return the whole edited text. */
function edited(text: string, operation: Operation, name = 'web'): string | undefined {
  const before = parse(text);
  const service = before.services.find((candidate) => candidate.name === name)!;
  const edits = operation(service.container.editor!, service.container);
  if (edits === undefined) return undefined;
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  sorted.slice(1).forEach((edit, i) => expect(edit.start).toBeGreaterThanOrEqual(sorted[i]!.end));
  const after = apply(text, edits);
  const reparsed = parse(after);
  expect(reparsed.services.map((candidate) => candidate.name)).toEqual(before.services.map((candidate) => candidate.name));
  if (validateCompose) expect(validateCompose(reparsed.doc.toJS()), JSON.stringify(validateCompose.errors)).toBe(true);
  return after;
}

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

describe('set', () => {
  it.each<[string, string, Operation, string | undefined]>([
    [
      'adds user after the last key, past a comment on the service line',
      'services:\n  web: # the shop\n    image: nginx\n  db:\n    image: postgres\n',
      (e) => e.set('user', '65532:65532'),
      'services:\n  web: # the shop\n    image: nginx\n    user: "65532:65532"\n  db:\n    image: postgres\n',
    ],
    [
      'replaces a user in place, keeping its quotes',
      "services:\n  web:\n    user: '0' # root\n    image: nginx\n",
      (e) => e.set('user', '65532:65532'),
      "services:\n  web:\n    user: '65532:65532' # root\n    image: nginx\n",
    ],
    [
      'quotes a plain user that was a bare word',
      'services:\n  web:\n    user: root\n',
      (e) => e.set('user', '65532:65532'),
      'services:\n  web:\n    user: "65532:65532"\n',
    ],
    [
      "uses the file's single quotes for a new user",
      "services:\n  web:\n    image: 'nginx:1.25'\n    ports: ['80:80']\n",
      (e) => e.set('user', '65532:65532'),
      "services:\n  web:\n    image: 'nginx:1.25'\n    ports: ['80:80']\n    user: '65532:65532'\n",
    ],
    [
      'adds read_only to a service that is last in a file without a final newline',
      'services:\n  web:\n    image: nginx',
      (e) => e.set('readOnly', 'true'),
      'services:\n  web:\n    image: nginx\n    read_only: true',
    ],
    [
      'adds read_only before the next top-level key and keeps blank lines and comments',
      'services:\n  web:\n    image: nginx\n    volumes:\n      - data:/data\n\n# storage\nvolumes:\n  data: {}\n',
      (e) => e.set('readOnly', 'true'),
      'services:\n  web:\n    image: nginx\n    volumes:\n      - data:/data\n    read_only: true\n\n# storage\nvolumes:\n  data: {}\n',
    ],
    [
      'leaves a comment that belongs inside the previous key above the new key',
      'services:\n  web:\n    environment:\n      MODE: prod\n      # DEBUG: 1\n  db:\n    image: postgres\n',
      (e) => e.set('readOnly', 'true'),
      'services:\n  web:\n    environment:\n      MODE: prod\n      # DEBUG: 1\n    read_only: true\n  db:\n    image: postgres\n',
    ],
    [
      'replaces read_only: false in place',
      'services:\n  web:\n    read_only: false\n    image: nginx\n',
      (e) => e.set('readOnly', 'true'),
      'services:\n  web:\n    read_only: true\n    image: nginx\n',
    ],
    [
      'replaces a quoted "false" keeping the quotes',
      'services:\n  web:\n    read_only: "false"\n',
      (e) => e.set('readOnly', 'true'),
      'services:\n  web:\n    read_only: "true"\n',
    ],
    [
      'leaves read_only: true alone',
      'services:\n  web:\n    read_only: true\n',
      (e) => e.set('readOnly', 'true'),
      'services:\n  web:\n    read_only: true\n',
    ],
    [
      'fills a key written with no value',
      'services:\n  web:\n    image: nginx\n    read_only: # decide later\n',
      (e) => e.set('readOnly', 'true'),
      'services:\n  web:\n    image: nginx\n    read_only: true # decide later\n',
    ],
    [
      'keeps CRLF line endings',
      crlf('services:\n  web:\n    image: nginx\n  db:\n    image: postgres\n'),
      (e) => e.set('readOnly', 'true'),
      crlf('services:\n  web:\n    image: nginx\n    read_only: true\n  db:\n    image: postgres\n'),
    ],
    [
      'uses the indentation of the file',
      'services:\n    web:\n        image: nginx\n        logging:\n            driver: local\n',
      (e) => e.set('privileged', 'false'),
      'services:\n    web:\n        image: nginx\n        logging:\n            driver: local\n        privileged: false\n',
    ],
    [
      'adds a key next to a merge key without touching the anchor',
      'x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n',
      (e) => e.set('readOnly', 'true'),
      'x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    read_only: true\n',
    ],
    [
      'sets mem_limit',
      'services:\n  web:\n    image: nginx\n',
      (e) => e.set('memory', '512m'),
      'services:\n  web:\n    image: nginx\n    mem_limit: 512m\n',
    ],
    [
      'edits a memory limit under deploy where it is set',
      'services:\n  web:\n    deploy:\n      resources:\n        limits:\n          memory: 2G\n',
      (e) => e.set('memory', '512M'),
      'services:\n  web:\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n',
    ],
    [
      'sets pids_limit as a number',
      'services:\n  web:\n    image: nginx\n',
      (e) => e.set('pidsLimit', '100'),
      'services:\n  web:\n    image: nginx\n    pids_limit: 100\n',
    ],
    [
      'sets cpus',
      'services:\n  web:\n    image: nginx\n    cpus: 4\n',
      (e) => e.set('cpus', '0.5'),
      'services:\n  web:\n    image: nginx\n    cpus: 0.5\n',
    ],
    [
      'turns privileged off in place',
      'services:\n  web:\n    privileged: true\n    image: nginx\n',
      (e) => e.set('privileged', 'false'),
      'services:\n  web:\n    privileged: false\n    image: nginx\n',
    ],
    [
      'sets the log driver inside an existing logging mapping',
      'services:\n  web:\n    logging:\n      options:\n        max-size: "10m"\n',
      (e) => e.set('logDriver', 'local'),
      'services:\n  web:\n    logging:\n      options:\n        max-size: "10m"\n      driver: local\n',
    ],
  ])('%s', (_name, input, operation, output) => {
    expect(edited(input, operation)).toBe(output);
  });
});

describe('set refuses what it cannot change faithfully', () => {
  it.each<[string, string, Operation]>([
    ['a value with an anchor others use', 'services:\n  web:\n    user: &user "0"\n  db:\n    user: *user\n', (e) => e.set('user', '65532:65532')],
    ['a service in flow style', 'services:\n  web: {image: nginx}\n', (e) => e.set('readOnly', 'true')],
    ['a service that another merges', 'services:\n  web: &web\n    image: nginx\n  db:\n    <<: *web\n', (e) => e.set('readOnly', 'true')],
    ['a block scalar', 'services:\n  web:\n    user: |\n      0\n', (e) => e.set('user', '65532:65532')],
    ['a mapping where a scalar belongs', 'services:\n  web:\n    user:\n      name: root\n', (e) => e.set('user', '65532:65532')],
    ['a flag that is not a boolean', 'services:\n  web:\n    image: nginx\n', (e) => e.set('readOnly', 'maybe')],
  ])('%s', (_name, input, operation) => {
    expect(edited(input, operation)).toBeUndefined();
  });

  it('refuses every edit of a service that is an alias', () => {
    const text = 'x-svc: &svc\n  image: nginx\nservices:\n  web: *svc\n';
    const editor = parse(text).services[0]!.container.editor!;
    expect(editor.set('readOnly', 'true')).toBeUndefined();
    expect(editor.add('capDrop', 'ALL')).toBeUndefined();
    expect(editor.batch!([{ op: 'set', setting: 'readOnly', value: 'true' }])).toBeUndefined();
  });
});

describe('add', () => {
  it.each<[string, string, Operation, string]>([
    [
      'appends to a flow sequence',
      'services:\n  web:\n    cap_drop: [NET_RAW]\n',
      (e) => e.add('capDrop', 'ALL'),
      'services:\n  web:\n    cap_drop: [NET_RAW, ALL]\n',
    ],
    [
      'fills an empty flow sequence',
      'services:\n  web:\n    cap_drop: []\n',
      (e) => e.add('capDrop', 'ALL'),
      'services:\n  web:\n    cap_drop: [ALL]\n',
    ],
    [
      'appends to a block sequence at its items’ indentation, past a trailing comment',
      'services:\n  web:\n    cap_drop:\n        - NET_RAW # raw sockets\n    image: nginx\n',
      (e) => e.add('capDrop', 'ALL'),
      'services:\n  web:\n    cap_drop:\n        - NET_RAW # raw sockets\n        - ALL\n    image: nginx\n',
    ],
    [
      'appends after a commented-out item, in a file without a final newline',
      'services:\n  web:\n    cap_drop:\n      - NET_RAW\n      # - MKNOD',
      (e) => e.add('capDrop', 'ALL'),
      'services:\n  web:\n    cap_drop:\n      - NET_RAW\n      # - MKNOD\n      - ALL',
    ],
    [
      'quotes a new item like the others',
      'services:\n  web:\n    cap_drop:\n      - "NET_RAW"\n',
      (e) => e.add('capDrop', 'ALL'),
      'services:\n  web:\n    cap_drop:\n      - "NET_RAW"\n      - "ALL"\n',
    ],
    [
      'adds a block list to a service, indented like the other lists',
      'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n',
      (e) => e.add('capDrop', 'ALL'),
      'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n    cap_drop:\n      - ALL\n',
    ],
    [
      'writes items at the key’s column in a file that does',
      'services:\n  web:\n    image: nginx\n    ports:\n    - "80:80"\n',
      (e) => e.add('capDrop', 'ALL'),
      'services:\n  web:\n    image: nginx\n    ports:\n    - "80:80"\n    cap_drop:\n    - ALL\n',
    ],
    [
      'writes a flow list in a file that uses them',
      'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n',
      (e) => e.add('capDrop', 'ALL'),
      'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n    cap_drop: [ALL]\n',
    ],
    [
      'fills a list key written with no value',
      'services:\n  web:\n    cap_drop:\n    image: nginx\n',
      (e) => e.add('capDrop', 'ALL'),
      'services:\n  web:\n    cap_drop:\n      - ALL\n    image: nginx\n',
    ],
    [
      'does nothing when the capability is there in another spelling',
      'services:\n  web:\n    cap_drop: [cap_all]\n',
      (e) => e.add('capDrop', 'ALL'),
      'services:\n  web:\n    cap_drop: [cap_all]\n',
    ],
    [
      'adds a capability',
      'services:\n  web:\n    cap_drop: [ALL]\n',
      (e) => e.add('capAdd', 'NET_BIND_SERVICE'),
      'services:\n  web:\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n',
    ],
    [
      'adds a security option',
      'services:\n  web:\n    image: nginx\n',
      (e) => e.add('securityOpt', 'no-new-privileges:true'),
      'services:\n  web:\n    image: nginx\n    security_opt:\n      - no-new-privileges:true\n',
    ],
    [
      'quotes a security option inside a flow list',
      'services:\n  web:\n    security_opt: [label:disable]\n',
      (e) => e.add('securityOpt', 'no-new-privileges:true'),
      'services:\n  web:\n    security_opt: [label:disable, "no-new-privileges:true"]\n',
    ],
    [
      'turns a tmpfs string into a list keeping it',
      'services:\n  web:\n    tmpfs: /run # pid files\n',
      (e) => e.add('tmpfs', '/tmp'),
      'services:\n  web:\n    tmpfs: [/run, /tmp] # pid files\n',
    ],
    [
      'does not mount /tmp twice',
      'services:\n  web:\n    tmpfs:\n      - /tmp:size=64m\n',
      (e) => e.add('tmpfs', '/tmp'),
      'services:\n  web:\n    tmpfs:\n      - /tmp:size=64m\n',
    ],
    [
      'creates logging and options',
      'services:\n  web:\n    image: nginx\n  db:\n    image: postgres\n',
      (e) => e.add('logOpt', 'max-size=10m'),
      'services:\n  web:\n    image: nginx\n    logging:\n      options:\n        max-size: "10m"\n  db:\n    image: postgres\n',
    ],
    [
      'creates options and keeps an explicit driver',
      'services:\n  web:\n    logging:\n      driver: json-file\n    image: nginx\n',
      (e) => e.add('logOpt', 'max-size=10m'),
      'services:\n  web:\n    logging:\n      driver: json-file\n      options:\n        max-size: "10m"\n    image: nginx\n',
    ],
    [
      'adds to existing options',
      "services:\n  web:\n    logging:\n      options:\n        max-size: '10m'\n",
      (e) => e.add('logOpt', 'max-file=3'),
      "services:\n  web:\n    logging:\n      options:\n        max-size: '10m'\n        max-file: '3'\n",
    ],
    [
      'replaces an option that is set to something else',
      'services:\n  web:\n    logging:\n      options:\n        max-size: 1g\n',
      (e) => e.add('logOpt', 'max-size=10m'),
      'services:\n  web:\n    logging:\n      options:\n        max-size: "10m"\n',
    ],
    [
      'adds options to a flow logging mapping',
      'services:\n  web:\n    logging: {driver: json-file}\n',
      (e) => e.add('logOpt', 'max-size=10m'),
      'services:\n  web:\n    logging: {driver: json-file, options: {max-size: "10m"}}\n',
    ],
    [
      'fills logging written with no value',
      'services:\n  web:\n    logging:\n    image: nginx\n',
      (e) => e.add('logOpt', 'max-size=10m'),
      'services:\n  web:\n    logging:\n      options:\n        max-size: "10m"\n    image: nginx\n',
    ],
    [
      'keeps CRLF in new blocks',
      crlf('services:\n  web:\n    image: nginx\n'),
      (e) => e.add('logOpt', 'max-size=10m'),
      crlf('services:\n  web:\n    image: nginx\n    logging:\n      options:\n        max-size: "10m"\n'),
    ],
  ])('%s', (_name, input, operation, output) => {
    expect(edited(input, operation)).toBe(output);
  });

  it.each<[string, string, Operation]>([
    ['a list others use', 'services:\n  web:\n    cap_drop: &caps [NET_RAW]\n  db:\n    cap_drop: *caps\n', (e) => e.add('capDrop', 'ALL')],
    ['a capability list written as a string', 'services:\n  web:\n    cap_drop: NET_RAW\n', (e) => e.add('capDrop', 'ALL')],
    ['a log option without a value', 'services:\n  web:\n    image: nginx\n', (e) => e.add('logOpt', 'max-size')],
  ])('refuses %s', (_name, input, operation) => {
    expect(edited(input, operation)).toBeUndefined();
  });
});

describe('remove', () => {
  const option = (index: number): Operation => (e, c) => e.remove('securityOpt', c.securityOpt[index]!);
  it.each<[string, string, Operation, string]>([
    [
      // The comment stays (fixes must keep every comment of a compose file).
      'removes the only item with its key, keeping its comment',
      'services:\n  web:\n    security_opt:\n      - seccomp:unconfined # for strace\n    image: nginx\n',
      option(0),
      'services:\n  web:\n    # for strace\n    image: nginx\n',
    ],
    [
      'removes one block item',
      'services:\n  web:\n    security_opt:\n      - no-new-privileges:true\n      - seccomp=unconfined\n    image: nginx\n',
      option(1),
      'services:\n  web:\n    security_opt:\n      - no-new-privileges:true\n    image: nginx\n',
    ],
    [
      'removes a flow item with the comma after it',
      'services:\n  web:\n    security_opt: ["seccomp:unconfined", "no-new-privileges:true"]\n',
      option(0),
      'services:\n  web:\n    security_opt: ["no-new-privileges:true"]\n',
    ],
    [
      'removes the last flow item with the comma before it',
      'services:\n  web:\n    security_opt: [label=disable, seccomp=unconfined]\n',
      option(1),
      'services:\n  web:\n    security_opt: [label=disable]\n',
    ],
    [
      'removes a flow list that becomes empty, on CRLF',
      crlf('services:\n  web:\n    image: nginx\n    security_opt: [seccomp=unconfined]\n'),
      option(0),
      crlf('services:\n  web:\n    image: nginx\n'),
    ],
    [
      'removes a capability',
      'services:\n  web:\n    cap_add:\n      - SYS_ADMIN\n      - NET_BIND_SERVICE\n',
      (e, c) => e.remove('capAdd', c.capAdd[0]!),
      'services:\n  web:\n    cap_add:\n      - NET_BIND_SERVICE\n',
    ],
    [
      'removes a log option and the mappings it leaves empty',
      'services:\n  web:\n    image: nginx\n    logging:\n      options:\n        max-size: 1g\n',
      (e) => e.remove('logOpt', { value: 'max-size=1g', span: { start: 0, end: 0 } }),
      'services:\n  web:\n    image: nginx\n',
    ],
  ])('%s', (_name, input, operation, output) => {
    expect(edited(input, operation)).toBe(output);
  });

  it.each<[string, string, Operation]>([
    ['the only key of a service', 'services:\n  web:\n    security_opt: [seccomp=unconfined]\n', option(0)],
    ['an item the list does not hold', 'services:\n  web:\n    image: nginx\n    security_opt: [a=b]\n', (e) => e.remove('securityOpt', { value: 'x', span: { start: 1, end: 2 } })],
  ])('refuses %s', (_name, input, operation) => {
    expect(edited(input, operation)).toBeUndefined();
  });
});

describe('batch', () => {
  it('adds read_only and a tmpfs together', () => {
    const input = 'services:\n  web:\n    image: nginx\n  db:\n    image: postgres\n';
    const output = edited(input, (e) =>
      e.batch!([
        { op: 'set', setting: 'readOnly', value: 'true' },
        { op: 'add', list: 'tmpfs', item: '/tmp' },
      ]),
    );
    expect(output).toBe('services:\n  web:\n    image: nginx\n    read_only: true\n    tmpfs:\n      - /tmp\n  db:\n    image: postgres\n');
  });

  it('creates logging once for two options', () => {
    const input = crlf('services:\n  web:\n    image: nginx\n');
    const output = edited(input, (e) =>
      e.batch!([
        { op: 'add', list: 'logOpt', item: 'max-size=10m' },
        { op: 'add', list: 'logOpt', item: 'max-file=3' },
      ]),
    );
    expect(output).toBe(crlf('services:\n  web:\n    image: nginx\n    logging:\n      options:\n        max-size: "10m"\n        max-file: "3"\n'));
  });

  it('keeps changes far apart as separate edits', () => {
    const input = 'services:\n  web:\n    read_only: false\n    image: nginx\n    ports:\n      - "80:80"\n';
    const { container } = parse(input).services[0]!;
    const edits = container.editor!.batch!([
      { op: 'set', setting: 'readOnly', value: 'true' },
      { op: 'add', list: 'capDrop', item: 'ALL' },
    ])!;
    expect(edits).toEqual([
      { start: 17, end: 17 + '    read_only: false\n'.length, text: '    read_only: true\n' },
      { start: input.length, end: input.length, text: '    cap_drop:\n      - ALL\n' },
    ]);
    expect(apply(input, edits)).toBe('services:\n  web:\n    read_only: true\n    image: nginx\n    ports:\n      - "80:80"\n    cap_drop:\n      - ALL\n');
  });

  it('refuses the whole batch when one change cannot be made', () => {
    const input = 'services:\n  web:\n    image: nginx\n    cap_drop: &caps [NET_RAW]\n  db:\n    cap_drop: *caps\n';
    const editor = parse(input).services[0]!.container.editor!;
    expect(
      editor.batch!([
        { op: 'set', setting: 'readOnly', value: 'true' },
        { op: 'add', list: 'capDrop', item: 'ALL' },
      ]),
    ).toBeUndefined();
  });
});

/**
 * A key that comes from a `<<` merge key or is written as an alias is overridden in the service
 * (a merge is shallow and the service's own key wins); the anchor and its other users stay as
 * they are. Added by the core-rule tests: without it `--fix` leaves CG002/3/5/6 findings in
 * every compose file that shares settings through anchors.
 */
describe('overrides what comes from a merge key or an alias', () => {
  it.each<[string, string, Operation, string]>([
    [
      'a value from a merge key',
      'x-base: &base\n  read_only: false\nservices:\n  web:\n    <<: *base\n    image: nginx\n',
      (e) => e.set('readOnly', 'true'),
      'x-base: &base\n  read_only: false\nservices:\n  web:\n    <<: *base\n    image: nginx\n    read_only: true\n',
    ],
    [
      'a value written as an alias',
      'x-user: &user "0"\nservices:\n  web:\n    user: *user\n',
      (e) => e.set('user', '65532:65532'),
      'x-user: &user "0"\nservices:\n  web:\n    user: "65532:65532"\n',
    ],
    [
      'logging that is an alias, keeping the alias',
      'x-log: &log\n  driver: json-file\nservices:\n  web:\n    logging: *log # shared\n',
      (e) => e.set('logDriver', 'local'),
      'x-log: &log\n  driver: json-file\nservices:\n  web:\n    logging: {<<: *log, driver: local} # shared\n',
    ],
    [
      'a list from a merge key',
      'x-base: &base\n  cap_drop: [NET_RAW]\nservices:\n  web:\n    <<: *base\n',
      (e) => e.add('capDrop', 'ALL'),
      'x-base: &base\n  cap_drop: [NET_RAW]\nservices:\n  web:\n    <<: *base\n    cap_drop: [NET_RAW, ALL]\n',
    ],
    [
      'a list from a merge key, in block style',
      'x-base: &base\n  tmpfs:\n    - /run\nservices:\n  web:\n    <<: *base\n    image: nginx\n',
      (e) => e.add('tmpfs', '/tmp'),
      'x-base: &base\n  tmpfs:\n    - /run\nservices:\n  web:\n    <<: *base\n    image: nginx\n    tmpfs:\n      - /run\n      - /tmp\n',
    ],
    [
      'a list written as an alias',
      'x-caps: &caps [NET_RAW]\nservices:\n  web:\n    cap_drop: *caps\n',
      (e) => e.add('capDrop', 'ALL'),
      'x-caps: &caps [NET_RAW]\nservices:\n  web:\n    cap_drop: [NET_RAW, ALL]\n',
    ],
    [
      'logging options behind an alias',
      'x-opts: &opts\n  max-file: "3"\nservices:\n  web:\n    logging:\n      options: *opts\n',
      (e) => e.add('logOpt', 'max-size=10m'),
      'x-opts: &opts\n  max-file: "3"\nservices:\n  web:\n    logging:\n      options: {<<: *opts, max-size: "10m"}\n',
    ],
    [
      'logging from a merge key',
      'x-base: &base\n  logging:\n    driver: json-file\n    options:\n      max-file: 3\nservices:\n  web:\n    <<: *base\n    image: nginx\n',
      (e) => e.add('logOpt', 'max-size=10m'),
      'x-base: &base\n  logging:\n    driver: json-file\n    options:\n      max-file: 3\nservices:\n  web:\n    <<: *base\n    image: nginx\n    logging:\n      driver: json-file\n      options:\n        max-file: 3\n        max-size: "10m"\n',
    ],
    [
      'an item from a merge key, leaving an empty list',
      'x-base: &base\n  security_opt: [seccomp=unconfined]\nservices:\n  web:\n    <<: *base\n    image: nginx\n',
      (e, c) => e.remove('securityOpt', c.securityOpt[0]!),
      'x-base: &base\n  security_opt: [seccomp=unconfined]\nservices:\n  web:\n    <<: *base\n    image: nginx\n    security_opt: []\n',
    ],
    [
      'read_only and cap_drop together',
      'x-base: &base\n  cap_drop: [NET_RAW]\nservices:\n  web:\n    <<: *base\n',
      (e) =>
        e.batch!([
          { op: 'set', setting: 'readOnly', value: 'true' },
          { op: 'add', list: 'capDrop', item: 'ALL' },
        ]),
      'x-base: &base\n  cap_drop: [NET_RAW]\nservices:\n  web:\n    <<: *base\n    read_only: true\n    cap_drop: [NET_RAW, ALL]\n',
    ],
  ])('%s', (_name, input, operation, output) => {
    expect(edited(input, operation)).toBe(output);
  });
});
