import { describe, expect, it } from 'vitest';
import { hostJournald, isJournaldPath, journaldConfig, parseJournaldConf } from '../../src/parsers/journald-conf.js';

describe('parseJournaldConf', () => {
  it('reads sections, key=value, comments and continuations', () => {
    const text = '# comment\n; also a comment\n[Journal]\n  SystemMaxUse = 2G \nStorage=persistent\nno equals sign\nRuntimeMaxUse=\\\n100M\n#SystemMaxFileSize=1G\n';
    expect(parseJournaldConf(text)).toEqual([
      { section: 'Journal', key: 'SystemMaxUse', value: '2G', line: 4 },
      { section: 'Journal', key: 'Storage', value: 'persistent', line: 5 },
      { section: 'Journal', key: 'RuntimeMaxUse', value: '100M', line: 7 },
    ]);
  });

  it('handles CRLF, a BOM and an empty file', () => {
    expect(parseJournaldConf('\uFEFF[Journal]\r\nSystemMaxUse=1G\r\n')).toEqual([{ section: 'Journal', key: 'SystemMaxUse', value: '1G', line: 2 }]);
    expect(parseJournaldConf('')).toEqual([]);
  });

  it('never throws on random input', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = '[]=#;\\\n\r aZ9\t';
    for (let i = 0; i < 300; i++) {
      let text = '';
      for (let j = 0; j < 60; j++) text += alphabet[Math.floor(rnd() * alphabet.length)];
      expect(() => parseJournaldConf(text)).not.toThrow();
    }
  });
});

describe('journald config resolution', () => {
  it('recognises journald.conf and journald.conf.d/*.conf paths', () => {
    expect(isJournaldPath('etc/systemd/journald.conf')).toBe(true);
    expect(isJournaldPath('journald.conf')).toBe(true);
    expect(isJournaldPath('etc/systemd/journald.conf.d/10-size.conf')).toBe(true);
    expect(isJournaldPath('etc/systemd/journald.conf.d/README')).toBe(false);
    expect(isJournaldPath('etc/systemd/other.conf')).toBe(false);
  });

  it('ignores keys named like Object.prototype members', () => {
    const config = journaldConfig([{ path: 'etc/systemd/journald.conf', text: '[Journal]\ntoString=1\nconstructor=x\n__proto__=y\nStorage=volatile\n' }]);
    expect(Object.keys(config).sort()).toEqual(['files', 'path', 'storage']);
  });

  it('applies drop-ins after journald.conf in lexical order; an empty assignment resets', () => {
    const config = journaldConfig([
      { path: 'etc/systemd/journald.conf.d/50-b.conf', text: '[Journal]\nSystemMaxUse=\n' },
      { path: 'etc/systemd/journald.conf.d/10-a.conf', text: '[Journal]\nSystemMaxUse=1G\nRuntimeMaxUse=64M\n' },
      { path: 'etc/systemd/journald.conf', text: '[Journal]\nSystemMaxUse=4G\nStorage=persistent\n' },
    ]);
    expect(config.path).toBe('etc/systemd/journald.conf');
    expect(config.files).toEqual(['etc/systemd/journald.conf', 'etc/systemd/journald.conf.d/10-a.conf', 'etc/systemd/journald.conf.d/50-b.conf']);
    expect(config.systemMaxUse).toBeUndefined();
    expect(config.runtimeMaxUse).toEqual({ value: '64M', path: 'etc/systemd/journald.conf.d/10-a.conf', line: 3 });
    expect(config.storage?.value).toBe('persistent');
  });

  it('ignores keys outside [Journal]', () => {
    expect(journaldConfig([{ path: 'journald.conf', text: 'SystemMaxUse=1G\n[Other]\nSystemMaxUse=1G\n' }]).systemMaxUse).toBeUndefined();
  });

  it('groups files by the folder they configure', () => {
    const host = hostJournald([
      { path: 'hosts/b/journald.conf', text: '' },
      { path: 'hosts/a/journald.conf.d/size.conf', text: '[Journal]\nSystemMaxUse=1G\n' },
      { path: 'hosts/a/journald.conf', text: '' },
      { path: 'compose.yaml', text: 'services: {}' },
    ]);
    expect(host.configs.map((c) => [c.path, c.systemMaxUse?.value])).toEqual([
      ['hosts/a/journald.conf', '1G'],
      ['hosts/b/journald.conf', undefined],
    ]);
  });
});

describe('parseJournaldConf on large input', () => {
  it('reads 200k continuation lines in linear time', () => {
    const text = '[Journal]\nSystemMaxUse=' + 'a\\\n'.repeat(200_000) + '1G\n';
    const started = Date.now();
    const entries = parseJournaldConf(text);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.value.endsWith('a 1G')).toBe(true);
  });
});
