/**
 * The systemd side of the parsers on real units and Quadlet files from the corpus, broken at
 * random (test/property/seeds.ts): the unit parser, `Exec*=` lines, docker/podman argv,
 * container extraction and Quadlet never throw, every span they return lies inside the text,
 * and reading a text gives the same answer every time. Generated `docker|podman run` lines,
 * written with systemd's quoting, escapes and continuations, read back as the argv written.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sourceFromText, type SourceFile } from '../../src/model/source.js';
import type { UnitModel } from '../../src/model/unit.js';
import { parseRuntimeCommand } from '../../src/parsers/docker-run.js';
import { FLAGS, type FlagSpec } from '../../src/parsers/docker-run-flags.js';
import { parseExecLine } from '../../src/parsers/exec-line.js';
import { parseQuadlet } from '../../src/parsers/quadlet.js';
import { parseUnit } from '../../src/parsers/systemd-unit.js';
import { extractUnitContainers, unitRunCommands } from '../../src/parsers/unit-containers.js';
import { describeInput, input, runs, text, type Input } from './seeds.js';
import { CONTAINER_UNIT_SEEDS, QUADLET_SEEDS, UNIT_LINES, UNIT_SEEDS } from './unit-seeds.js';

/** Every `{ start, end }` and every offset list in a value (functions and cycles skipped) lies inside the text. */
function expectSpansInside(value: unknown, length: number, where: string): void {
  const seen = new Set<object>();
  const inside = (offset: unknown) => Number.isInteger(offset) && 0 <= (offset as number) && (offset as number) <= length;
  const visit = (node: unknown, path: string): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const { start, end } = node as { start?: unknown; end?: unknown };
    if (typeof start === 'number' && typeof end === 'number') {
      expect(inside(start) && inside(end) && start <= end, `${path} = [${start}, ${end}) in ${length}: ${where}`).toBe(true);
    }
    for (const [key, child] of Object.entries(node)) {
      if (/offsets$/i.test(key) && Array.isArray(child)) expect(child.every(inside), `${path}.${key}: ${where}`).toBe(true);
      else visit(child, `${path}.${key}`);
    }
  };
  visit(value, '$');
}

/** Everything the unit side reads from one file, as plain data (editors are functions and drop out). */
function readUnit(file: SourceFile) {
  const { model, errors } = parseUnit(file);
  const unit = model!;
  const commands = unit.entries
    .filter((entry) => entry.key.startsWith('Exec'))
    .map((entry) => parseExecLine(entry))
    .map(({ commands, problems }) => ({ problems, commands: commands.map(({ entry: _entry, ...command }) => ({ ...command, runtime: parseRuntimeCommand(command.words) })) }));
  const containers = extractUnitContainers(file, unit);
  return JSON.parse(JSON.stringify({ unit, errors, commands, containers }));
}

function readQuadlet(file: SourceFile) {
  return JSON.parse(JSON.stringify(parseQuadlet(file)));
}

/** The file under the corpus file's path (so the unit type still comes from its name), or app.service. */
function fileFor(generated: Input, kind: 'unit' | 'quadlet'): SourceFile {
  const corpusPath = generated.seed.startsWith('corpus:') ? generated.seed.slice('corpus:'.length) : undefined;
  const path = kind === 'quadlet' ? 'app.container' : corpusPath && !corpusPath.endsWith('.container') ? corpusPath : 'app.service';
  return sourceFromText(path, kind, text(generated));
}

/** Each key of a unit where its span says, each Exec word inside its entry, each run's image among its words. */
function expectUnitConsistent(file: SourceFile, unit: UnitModel, where: string): void {
  for (const entry of unit.entries) {
    // A key may run over a continuation, where `\` and the line break read as one space.
    expect([file.text[entry.keySpan.start], file.text[entry.keySpan.end - 1]], where).toEqual([entry.key[0], entry.key.at(-1)]);
    expect(entry.valueOffsets, where).toHaveLength(entry.value.length + 1);
    if (!entry.key.startsWith('Exec')) continue;
    for (const command of parseExecLine(entry).commands) {
      for (const word of command.words) {
        expect(entry.span.start <= word.span.start && word.span.end <= entry.span.end, where).toBe(true);
        expect(word.offsets, where).toHaveLength(word.value.length + 1);
      }
      const runtime = parseRuntimeCommand(command.words);
      if (runtime?.kind === 'run' && runtime.imageIndex !== undefined) expect(runtime.words[runtime.imageIndex], where).toBe(runtime.image);
    }
  }
}

describe('unit and Quadlet parsers on mutated corpus files', () => {
  const units = input(UNIT_SEEDS, UNIT_LINES);
  const containerUnits = input(CONTAINER_UNIT_SEEDS, UNIT_LINES);
  const quadlets = input(QUADLET_SEEDS, UNIT_LINES);

  it('never throw, and keep every span inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(units, containerUnits, quadlets), (generated) => {
        const where = describeInput(generated);
        for (const kind of ['unit', 'quadlet'] as const) {
          const file = fileFor(generated, kind);
          if (kind === 'unit') {
            const read = readUnit(file);
            expectSpansInside(read, file.text.length, where);
            expectUnitConsistent(file, parseUnit(file).model!, where);
          } else {
            expectSpansInside(readQuadlet(file), file.text.length, where);
          }
        }
      }),
      runs(300),
    );
  });

  it('read a text the same way every time, whatever was read in between', () => {
    fc.assert(
      fc.property(fc.oneof(containerUnits, quadlets), fc.oneof(containerUnits, quadlets), (first, other) => {
        for (const kind of ['unit', 'quadlet'] as const) {
          const read = kind === 'unit' ? readUnit : readQuadlet;
          const file = fileFor(first, kind);
          const once = read(file);
          read(fileFor(other, kind));
          expect(read({ ...file }), describeInput(first)).toEqual(once);
        }
      }),
      runs(150),
    );
  });

  it('never throw on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (raw) => {
        for (const unitText of [raw, `[Service]\nExecStart=${raw}`, `[Service]\nExecStart=/usr/bin/docker run ${raw}`]) {
          expectSpansInside(readUnit(sourceFromText('a.service', 'unit', unitText)), unitText.length, JSON.stringify(unitText));
        }
        for (const quadletText of [raw, `[Container]\nImage=x\nPodmanArgs=${raw}`]) {
          expectSpansInside(readQuadlet(sourceFromText('a.container', 'quadlet', quadletText)), quadletText.length, JSON.stringify(quadletText));
        }
      }),
      runs(300),
    );
  });

  it('take the unit type from any file name; a name that is no unit type leaves every section known', () => {
    const name = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('constructor', 'toString', '__proto__', 'valueOf', 'service', 'timer'));
    fc.assert(
      fc.property(name, (extension) => {
        const file = sourceFromText(`app.${extension}`, 'unit', '[Unit]\nDescription=x\n[Service]\nExecStart=/bin/true\n[Timer]\nOnCalendar=daily\n');
        const unknown = parseUnit(file).model!.problems.filter((p) => p.message.startsWith('Unknown section')).map((p) => p.message);
        const expected = { service: ["Unknown section 'Timer'. Ignoring."], timer: ["Unknown section 'Service'. Ignoring."] }[extension as 'service' | 'timer'];
        expect(unknown, extension).toEqual(['service', 'timer'].includes(extension) ? expected : []);
      }),
      runs(200),
    );
  });
});

describe('unit parsers: inputs the properties found', () => {
  it.each(['toString', '/usr/bin/__proto__ run x', 'constructor run -d nginx'])('ExecStart=%s is no container runtime', (command) => {
    const file = sourceFromText('app.service', 'unit', `[Service]\nExecStart=${command}\n`);
    const unit = parseUnit(file).model!;
    expect(unitRunCommands(unit)).toEqual([]);
    expect(extractUnitContainers(file, unit)).toEqual([]);
  });

  it('knows no unit type named like a member of every object', () => {
    const unit = parseUnit(sourceFromText('app.constructor', 'unit', '[Service]\nExecStart=/bin/true\n')).model!;
    expect(unit.problems).toEqual([]);
  });
});

/** One argv word written in unit syntax (systemd.syntax(7) "Quoting"). */
type Style = 'plain' | 'double' | 'single' | 'escaped' | 'half';

const C_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x07': '\\a' };

function written(word: string, style: Style): string {
  const quoted = (quote: string) => quote + [...word].map((c) => C_ESCAPES[c] ?? (c === quote ? `\\${c}` : c)).join('') + quote;
  const escaped = (part: string) => [...part].map((c) => (c === ' ' ? '\\s' : c === '"' || c === "'" ? `\\${c}` : (C_ESCAPES[c] ?? c))).join('');
  // A lone `;` separates commands; written `\;` or quoted it is the word `;`.
  if (word === ';') return style === 'escaped' ? '\\;' : '";"';
  if (style === 'double' || (style === 'plain' && (word === '' || /[\s"'\\]/.test(word)))) return quoted('"');
  if (style === 'single') return quoted("'");
  if (style === 'escaped') return escaped(word) || '""';
  // A quote may open mid-word: `ab"c d"` is the word `abc d`.
  if (style === 'half') return escaped(word.slice(0, word.length >> 1)) + written(word.slice(word.length >> 1), 'double');
  return word;
}

const valueWord = fc.oneof(
  fc.constantFrom('nginx', '80:80', '/srv/a:/b:ro', 'seccomp=unconfined', 'max-size=10m', 'A=1', '--rm', '-', '--', '', ';', 'two words', 'it\'s', 'say "hi"', 'a\\b', 'tab\there', '%i', '100%%', 'é'),
  fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', '=', ':', '/', ',', ' ', '"', "'", '\\', ';', '%', '\t', '.'), maxLength: 8 }),
);
const imageWord = fc.constantFrom('nginx', 'nginx:1.27', 'quay.io/podman/hello@sha256:0123abcd', 'localhost:5000/a/b:c', 'x');
const style = fc.constantFrom<Style>('plain', 'plain', 'double', 'single', 'escaped', 'half');
const gap = fc.constantFrom(' ', '  ', '\t', ' \\\n  ', ' \\\n# a comment line inside the continuation\n', ' \\\n;comment\n\t');

type Written = { words: string[]; flags: Array<[string, string | undefined]> };

/** Flags from the real tables, each written in one of the forms pflag accepts. */
function flags(table: { long: ReadonlyMap<string, FlagSpec>; short: ReadonlyMap<string, FlagSpec> }, onlyValues: boolean): fc.Arbitrary<Written> {
  const long = [...table.long.entries()].filter(([, spec]) => !onlyValues || spec.value);
  const shortValues = [...table.short.entries()].filter(([, spec]) => spec.value);
  const shortBools = [...table.short.entries()].filter(([, spec]) => !spec.value);
  const one: fc.Arbitrary<Written> = fc.oneof(
    fc.tuple(fc.constantFrom(...long), valueWord, fc.boolean()).map(([[name, spec], value, joined]): Written => {
      if (!spec.value) return joined ? { words: [`--${name}=${value}`], flags: [[spec.name, value]] } : { words: [`--${name}`], flags: [[spec.name, undefined]] };
      return { words: joined ? [`--${name}=${value}`] : [`--${name}`, value], flags: [[spec.name, value]] };
    }),
    ...(shortValues.length
      ? [fc.tuple(fc.constantFrom(...shortValues), valueWord, fc.boolean()).map(([[letter, spec], value, joined]): Written => {
          const attached = joined && value !== '' && !value.startsWith('=');
          return { words: attached ? [`-${letter}${value}`] : [`-${letter}`, value], flags: [[spec.name, value]] };
        })]
      : []),
    ...(shortBools.length > 1 && !onlyValues
      ? [fc.uniqueArray(fc.constantFrom(...shortBools), { minLength: 2, maxLength: 3, selector: ([letter]) => letter }).map((cluster): Written => ({
          words: [`-${cluster.map(([letter]) => letter).join('')}`],
          flags: cluster.map(([, spec]) => [spec.name, undefined]),
        }))]
      : []),
  );
  return fc.array(one, { maxLength: 6 }).map((all) => ({ words: all.flatMap((w) => w.words), flags: all.flatMap((w) => w.flags) }));
}

const runLine = fc.constantFrom('docker' as const, 'podman' as const).chain((runtime) =>
  fc.record({
    runtime: fc.constant(runtime),
    exe: fc.constantFrom(runtime, `/usr/bin/${runtime}`),
    env: fc.constantFrom([], ['/usr/bin/env'], ['/usr/bin/env', 'A=1', '-u', 'HOME']),
    globals: flags(FLAGS[runtime].global, true),
    container: fc.boolean(),
    subcommand: fc.constantFrom('run' as const, 'create' as const),
    flags: flags(FLAGS[runtime].run, false),
    image: imageWord,
    command: fc.array(valueWord, { maxLength: 4 }),
    styles: fc.array(style, { minLength: 1, maxLength: 8 }),
    gaps: fc.array(gap, { minLength: 1, maxLength: 8 }),
    prefix: fc.constantFrom('', '-', '+'),
    eol: fc.constantFrom('\n', '\r\n'),
  }),
);

describe('docker and podman run lines written in unit syntax', () => {
  it('read back as the argv that was written, flags, image and command', () => {
    fc.assert(
      fc.property(runLine, (line) => {
        const head = [...line.env, line.exe];
        const tail = [...line.globals.words, ...(line.container ? ['container'] : []), line.subcommand, ...line.flags.words, line.image, ...line.command];
        const styles = tail.map((_word, i) => line.styles[i % line.styles.length]!);
        const gaps = tail.map((_word, i) => line.gaps[i % line.gaps.length]!);
        // The executable (and env in front) stay plain: systemd reads prefixes off the first word.
        let value = head.join(' ');
        tail.forEach((word, i) => {
          // A continued line that starts with `#` or `;` is a comment line, skipped (systemd.syntax(7)).
          const style = /\n\s*$/.test(gaps[i]!) && /^[#;]/.test(written(word, styles[i]!)) ? 'double' : styles[i]!;
          value += gaps[i]! + written(word, style);
        });
        const raw = `[Unit]\nDescription=generated\n\n[Service]\nExecStart=${line.prefix}${value}\n`.replace(/\n/g, line.eol);
        const file = sourceFromText('gen.service', 'unit', raw);
        const unit = parseUnit(file).model!;
        expect(unit.problems, raw).toEqual([]);
        const [found, ...more] = unitRunCommands(unit);
        expect(more, raw).toEqual([]);
        expect(found!.command.words.map((w) => w.value), raw).toEqual([...head, ...tail]);
        const { run } = found!;
        expect(run.runtime).toBe(line.runtime);
        expect(run.globalFlags.map((f) => [f.name, f.value]), raw).toEqual(line.globals.flags);
        expect(run.flags.map((f) => [f.name, f.value]), raw).toEqual(line.flags.flags);
        expect(run.image?.value, raw).toBe(line.image);
        expect(run.command.map((w) => w.value), raw).toEqual(line.command);
        // Each character of a word comes from itself in the file, or from the escape that wrote it.
        for (const word of found!.command.words) {
          [...word.value].forEach((c, i) => expect([c, '\\'], raw).toContain(raw[word.offsets![i]!]));
        }
        const [container] = extractUnitContainers(file, unit);
        expect(container!.image!.value.raw).toBe(line.image);
        if (styles[tail.length - line.command.length - 1] === 'plain') expect(raw.slice(container!.image!.span.start, container!.image!.span.end)).toBe(line.image);
      }),
      runs(400),
    );
  });
});
