import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sourceFromText } from '../../src/model/source.js';
import type { ExecWord } from '../../src/model/unit.js';
import {
  flagIsTrue,
  parseComposeCommand,
  parseContainerCommand,
  parseRuntimeCommand,
  parseStopCommand,
  type RunFlag,
} from '../../src/parsers/docker-run.js';
import { FLAGS } from '../../src/parsers/docker-run-flags.js';
import { parseExecCommands } from '../../src/parsers/exec-line.js';
import { parseUnit } from '../../src/parsers/systemd-unit.js';

const PREFIX = '[Service]\nExecStart=';

function wordsOf(line: string): { words: ExecWord[]; text: string } {
  const text = `${PREFIX}${line}\n`;
  const entry = parseUnit(sourceFromText('t.service', 'unit', text)).model!.entries[0]!;
  return { words: parseExecCommands(entry)[0]!.words, text };
}

const flagsOf = (flags: RunFlag[]) => flags.map((f) => (f.value === undefined ? f.name : `${f.name}=${f.value}`));

describe('parseContainerCommand: which words are flags, image and command', () => {
  const cases: Array<[string, string, string[], string | undefined, string[]]> = [
    ['plain', '/usr/bin/docker run --rm --name web nginx:1.25', ['rm', 'name=web'], 'nginx:1.25', []],
    ['create', 'docker create -v /a:/b nginx', ['volume=/a:/b'], 'nginx', []],
    ['container run', 'docker container run nginx echo hi', [], 'nginx', ['echo', 'hi']],
    ['podman container create', '/usr/bin/podman container create busybox', [], 'busybox', []],
    ['env in front', '/usr/bin/env -u HOME FOO=1 docker run alpine', [], 'alpine', []],
    ['long flag with =', 'docker run --security-opt=seccomp=unconfined nginx', ['security-opt=seccomp=unconfined'], 'nginx', []],
    ['a value flag takes the next word even with a dash', 'docker run --name --rm nginx', ['name=--rm'], 'nginx', []],
    ['boolean cluster', 'docker run -itd nginx', ['interactive', 'tty', 'detach'], 'nginx', []],
    ['cluster ending in a value flag', 'docker run -itp 80:80 nginx', ['interactive', 'tty', 'publish=80:80'], 'nginx', []],
    ['value attached in a cluster', 'docker run -dp80:80 nginx', ['detach', 'publish=80:80'], 'nginx', []],
    ['short value attached', 'docker run -p80:80 -u=1000 nginx', ['publish=80:80', 'user=1000'], 'nginx', []],
    ['boolean with explicit value', 'docker run --rm=false -d=false nginx', ['rm=false', 'detach=false'], 'nginx', []],
    ['a boolean does not take the next word', 'docker run --privileged false', ['privileged'], 'false', []],
    ['-- ends the flags', 'docker run --rm -- -weird-image -x', ['rm'], '-weird-image', ['-x']],
    ['flags after the image belong to the command', 'docker run alpine ls -la --rm', [], 'alpine', ['ls', '-la', '--rm']],
    ['a lone - is positional', 'docker run -', [], '-', []],
    ['hidden alias', 'docker run --net host --dns-opt ndots:1 nginx', ['network=host', 'dns-option=ndots:1'], 'nginx', []],
    ['global flags before run', 'docker -H unix:///x.sock --log-level debug -D run -l a=b nginx', ['label=a=b'], 'nginx', []],
    ['podman globals and own flags', 'podman --root /r run --pod p --replace --sdnotify conmon --log-level=debug img', ['pod=p', 'replace', 'sdnotify=conmon', 'log-level=debug'], 'img', []],
    ['podman -c after run is --cpu-shares', 'podman run -c 512 img', ['cpu-shares=512'], 'img', []],
    ['unknown long flag with =', 'docker run --future=1 nginx', ['future=1'], 'nginx', []],
    ['unknown long flag alone is a boolean', 'docker run --future nginx', ['future'], 'nginx', []],
    ['legacy single-dash long flags', 'docker run -rm -name %n -link a:b img x', ['rm', 'name=%n', 'link=a:b'], 'img', ['x']],
    ['no image', 'docker run --rm', ['rm'], undefined, []],
  ];
  it.each(cases)('%s', (_name, line, flags, image, command) => {
    const run = parseContainerCommand(wordsOf(line).words)!;
    expect(run).toBeDefined();
    expect(flagsOf(run.flags)).toEqual(flags);
    expect(run.image?.value).toBe(image);
    expect(run.command.map((w) => w.value)).toEqual(command);
  });

  it('records the runtime, subcommand and global flags', () => {
    const run = parseContainerCommand(wordsOf('docker -H tcp://h:2376 --tlsverify container create nginx').words)!;
    expect([run.runtime, run.subcommand, run.subcommandWord.value]).toEqual(['docker', 'create', 'create']);
    expect(flagsOf(run.globalFlags)).toEqual(['host=tcp://h:2376', 'tlsverify']);
    expect(parseContainerCommand(wordsOf('podman-remote run x').words)!.runtime).toBe('podman');
  });

  const notRuns = ['/usr/bin/docker ps', '/usr/bin/docker exec web sh', '/usr/bin/dockerd -H fd://', '/bin/sh -c "docker run x"',
    '/usr/bin/docker-compose up', 'docker compose up', 'docker stop web', 'docker', '/usr/bin/env -S docker run x'];
  it.each(notRuns)('is not a run: %s', (line) => {
    expect(parseContainerCommand(wordsOf(line).words)).toBeUndefined();
  });

  const problems: Array<[string, string[]]> = [
    ['docker run --future nginx', ['unknown flag: --future']],
    ['docker run -k nginx', ["unknown shorthand flag: 'k' in -k"]],
    ['docker run --name', ['flag needs an argument: --name']],
    ['docker run -rm img', ['legacy flag -rm: current CLIs reject single-dash long flags; write --rm']],
    ['docker run --rm img', []],
  ];
  it.each(problems)('reports problems: %s', (line, messages) => {
    expect(parseContainerCommand(wordsOf(line).words)!.problems.map((p) => p.message)).toEqual(messages);
  });
});

describe('parseContainerCommand: spans', () => {
  const cases: Array<[string, string, string, string | undefined, string]> = [
    // line, flag name, flagSpan text, valueSpan text, span text
    ['docker run --name web img', 'name', '--name', 'web', '--name web'],
    ['docker run --name=web img', 'name', '--name', 'web', '--name=web'],
    ['docker run "--name=my web" img', 'name', '--name', 'my web', '"--name=my web"'],
    ['docker run -p80:80 img', 'publish', '-p', '80:80', '-p80:80'],
    ['docker run -p=80:80 img', 'publish', '-p', '80:80', '-p=80:80'],
    ['docker run -itp 80:80 img', 'publish', 'p', '80:80', 'p 80:80'],
    ['docker run -itd img', 'tty', 't', undefined, 't'],
    ['docker run -d img', 'detach', '-d', undefined, '-d'],
    ['docker run --security-opt \\\n  seccomp=unconfined img', 'security-opt', '--security-opt', 'seccomp=unconfined', '--security-opt \\\n  seccomp=unconfined'],
  ];
  it.each(cases)('%s', (line, name, flagText, valueText, spanText) => {
    const { words, text } = wordsOf(line);
    const flag = parseContainerCommand(words)!.flags.find((f) => f.name === name)!;
    const at = (s: { start: number; end: number } | undefined) => (s ? text.slice(s.start, s.end) : undefined);
    expect([at(flag.flagSpan), at(flag.valueSpan), at(flag.span)]).toEqual([flagText, valueText, spanText]);
  });

  it('numbers the words of flags and values', () => {
    const run = parseContainerCommand(wordsOf('docker run -itp 80:80 --rm img').words)!;
    expect(run.flags.map((f) => [f.name, f.wordIndex, f.valueWordIndex, f.inCluster])).toEqual([
      ['interactive', 2, undefined, true],
      ['tty', 2, undefined, true],
      ['publish', 2, 3, true],
      ['rm', 4, undefined, false],
    ]);
    expect(run.imageIndex).toBe(5);
    expect(run.terminatorIndex).toBeUndefined();
    expect(parseContainerCommand(wordsOf('docker run --rm -- img').words)!.terminatorIndex).toBe(3);
  });
});

describe('parseContainerCommand: words from unknown variables', () => {
  it('skips a $VAR among the flags and takes the next word as image', () => {
    const run = parseContainerCommand(wordsOf('docker run $OPTS --rm nginx').words)!;
    expect(run.opaque.map((w) => w.value)).toEqual(['$OPTS']);
    expect(run.image?.value).toBe('nginx');
  });
  it('takes a trailing $VAR as the image', () => {
    const run = parseContainerCommand(wordsOf('docker run --rm $IMAGE').words)!;
    expect([run.image?.value, run.imageIndex]).toEqual(['$IMAGE', 3]);
  });
  it('treats ${VAR} as one word, so as the image', () => {
    const run = parseContainerCommand(wordsOf('docker run ${IMAGE} --rm').words)!;
    expect([run.image?.value, run.command.map((w) => w.value)]).toEqual(['${IMAGE}', ['--rm']]);
  });
});

describe('flagIsTrue', () => {
  it.each([[undefined, true], ['true', true], ['1', true], ['false', false], ['0', false], ['F', false]])('%s → %s', (value, expected) => {
    const flag = { value } as RunFlag;
    expect(flagIsTrue(flag)).toBe(expected);
  });
});

describe('parseComposeCommand', () => {
  it('reads files, project and detach of docker-compose up', () => {
    const { words, text } = wordsOf('/usr/bin/docker-compose -f a.yml --file=b.yml -p proj up -d --scale web=2 web');
    const compose = parseComposeCommand(words)!;
    expect([compose.runtime, compose.standalone, compose.subcommand?.value]).toEqual(['docker', true, 'up']);
    expect(compose.files.map((f) => [f.value, text.slice(f.span.start, f.span.end)])).toEqual([['a.yml', 'a.yml'], ['b.yml', 'b.yml']]);
    expect(compose.projectName?.value).toBe('proj');
    expect(compose.detach?.written).toBe('-d');
    expect(compose.services.map((w) => w.value)).toEqual(['web']);
  });

  it('reads the plugin form after global flags', () => {
    const compose = parseComposeCommand(wordsOf('docker --host unix:///d.sock compose --project-directory /srv/app up --detach').words)!;
    expect([compose.standalone, compose.projectDirectory?.value, compose.detach?.name, flagsOf(compose.globalFlags)]).toEqual([
      false, '/srv/app', 'detach', ['host=unix:///d.sock'],
    ]);
  });

  it.each([
    ['/usr/bin/docker-compose up', 'up', false],
    ['/usr/bin/docker-compose up --detach=false', 'up', false],
    ['/usr/bin/docker-compose down', 'down', false],
    ['podman-compose up -d', 'up', true],
    ['podman compose pull', 'pull', false],
  ])('%s', (line, subcommand, detached) => {
    const compose = parseComposeCommand(wordsOf(line).words)!;
    expect([compose.subcommand?.value, compose.detach !== undefined]).toEqual([subcommand, detached]);
  });

  it('is undefined for other commands', () => {
    expect(parseComposeCommand(wordsOf('docker run x').words)).toBeUndefined();
    expect(parseComposeCommand(wordsOf('/usr/local/bin/docker-compose-start').words)).toBeUndefined();
  });
});

describe('parseStopCommand', () => {
  it.each([
    ['/usr/bin/docker stop -t 30 web', 30, ['web']],
    ['docker stop --time=5 web', 5, ['web']],
    ['docker container stop --timeout 20 a b', 20, ['a', 'b']],
    ['podman stop -t 10 -i x', 10, ['x']],
    ['docker stop web', undefined, ['web']],
    ['docker stop -t abc web', undefined, ['web']],
  ])('%s', (line, timeout, containers) => {
    const stop = parseStopCommand(wordsOf(line).words)!;
    expect([stop.timeout?.value, stop.containers.map((w) => w.value)]).toEqual([timeout, containers]);
  });

  it('gives the span of the number', () => {
    const { words, text } = wordsOf('docker stop -t 30 web');
    const span = parseStopCommand(words)!.timeout!.span;
    expect(text.slice(span.start, span.end)).toBe('30');
  });
});

describe('parseRuntimeCommand', () => {
  it.each([
    ['docker run x', 'run'],
    ['docker compose up', 'compose'],
    ['docker stop x', 'stop'],
    ['docker pull x', undefined],
  ])('%s → %s', (line, kind) => {
    expect(parseRuntimeCommand(wordsOf(line).words)?.kind).toBe(kind);
  });
});

describe('flag tables', () => {
  it('match the docker run reference: 88 value flags and 14 booleans, plus aliases', () => {
    const specs = new Set(FLAGS.docker.run.long.values());
    const visible = [...specs].filter((s) => s.name !== 'kernel-memory' && s.name !== 'disable-content-trust');
    expect(visible.filter((s) => s.value)).toHaveLength(88);
    expect(visible.filter((s) => !s.value)).toHaveLength(14);
  });
});

describe('parseContainerCommand never throws', () => {
  it('on random argv', () => {
    const word = fc.constantFrom('docker', 'podman', 'run', 'create', 'container', '-', '--', '-itd', '-p', '-p80', '--name', '--rm=false',
      '-rm', '--x=1', 'img', '$V', '${V}', '-c', '--log-level', '-H', '=', '-=', '--=');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), (values) => {
        const words = values.map((value, i) => ({ value, span: { start: i * 20, end: i * 20 + value.length }, quoted: false }));
        const found = parseRuntimeCommand(words);
        if (found?.kind === 'run') {
          for (const flag of found.flags) expect(flag.span.end).toBeGreaterThanOrEqual(flag.span.start);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
