import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, readText } from '../../src/read.js';
import { LineIndex, sourceFromText } from '../../src/model/source.js';

describe('decodeText', () => {
  it('accepts UTF-8 text, BOM included', () => {
    expect(decodeText(Buffer.from('\uFEFFFROM alpine:3.20\n'))).toEqual({ ok: true, raw: '\uFEFFFROM alpine:3.20\n' });
  });
  it.each([
    ['binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]), 'file is binary (it contains NUL bytes), not a configuration file'],
    ['invalid UTF-8', Buffer.from([0x46, 0x52, 0xff, 0xfe, 0x4f]), 'file is not valid UTF-8 text — re-save it as UTF-8'],
    ['an overlong UTF-8 form', Buffer.from([0x46, 0xc0, 0x80]), 'file is not valid UTF-8 text — re-save it as UTF-8'],
    ['a UTF-8-encoded surrogate', Buffer.from([0x46, 0xed, 0xa0, 0x80]), 'file is not valid UTF-8 text — re-save it as UTF-8'],
    ['UTF-16', Buffer.from([0xff, 0xfe, 0x46, 0x00]), 'file is UTF-16 text; Docker, Compose and systemd read UTF-8 only — re-save it as UTF-8'],
  ])('refuses %s in one line', (_name, bytes, message) => {
    expect(decodeText(bytes)).toEqual({ ok: false, message });
  });
  it('refuses files over the size limit', () => {
    const result = decodeText(Buffer.alloc(2048, 0x41), 1024);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^file is too large \(2\.0 KB, the limit is 1\.0 KB\)/);
  });
});

describe('readText', () => {
  it('reads a file whole, multi-byte characters and an empty file included', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cguard-read-'));
    try {
      const text = `FROM alpine:3.20\n${'# é ✓ 𝄞\n'.repeat(5000)}`;
      writeFileSync(path.join(dir, 'Dockerfile'), text);
      writeFileSync(path.join(dir, 'empty'), '');
      expect(readText(path.join(dir, 'Dockerfile'))).toEqual({ ok: true, raw: text });
      expect(readText(path.join(dir, 'empty'))).toEqual({ ok: true, raw: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it.skipIf(!existsSync('/proc/self/status'))('reads a file whose size says 0 to its end (/proc)', () => {
    const read = readText('/proc/self/status');
    expect(read.ok && read.raw).toMatch(/^Name:/);
  });
});

describe('sourceFromText and LineIndex', () => {
  it('strips the BOM and detects CRLF', () => {
    const s = sourceFromText('Dockerfile', 'dockerfile', '\uFEFFFROM a\r\nUSER b\r\n');
    expect([s.bom, s.eol, s.text]).toEqual([true, '\r\n', 'FROM a\r\nUSER b\r\n']);
  });
  it('maps offsets to 1-based lines and UTF-16 columns, trimming a final line break from regions', () => {
    const index = new LineIndex('ab\ncd\r\nef');
    expect(index.position(0)).toEqual({ line: 1, column: 1 });
    expect(index.position(4)).toEqual({ line: 2, column: 2 });
    expect(index.position(8)).toEqual({ line: 3, column: 2 });
    expect(index.region({ start: 3, end: 7 })).toEqual({ line: 2, column: 1, endLine: 2, endColumn: 3 });
    expect(index.exactRegion({ start: 3, end: 7 })).toEqual({ line: 2, column: 1, endLine: 3, endColumn: 1 });
  });
});
