import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/finding.js';
import { sourceFromText, type FileKind } from '../../src/model/source.js';
import { hostJournald } from '../../src/parsers/journald-conf.js';
import { defaultPolicy } from '../../src/policy/policy.js';
import { allRules } from '../../src/rules/index.js';
import { analyseSource, createAnalysisEnv, scan } from '../../src/scan.js';
import { lint, locations } from '../helpers.js';

const NO_LIMIT = '[Journal]\n#SystemMaxUse=\nStorage=persistent\n';
const LIMITED = '[Journal]\nSystemMaxUse=2G\nSystemMaxFileSize=128M\n';

/** Lint one file as if the tree held these journald files. */
function lintWith(journald: Record<string, string>, kind: FileKind, text: string, file?: string): Finding[] {
  const host = hostJournald(Object.entries(journald).map(([p, t]) => ({ path: p, text: t })));
  const env = { ...createAnalysisEnv(defaultPolicy(allRules), allRules), hostJournald: host };
  const paths: Record<string, string> = { unit: 'web.service', compose: 'compose.yaml', quadlet: 'web.container', dockerfile: 'Dockerfile' };
  return analyseSource(sourceFromText(file ?? paths[kind]!, kind, text), env).findings;
}

const UNIT = '[Service]\nExecStart=/usr/bin/docker run --rm --log-driver journald --name web nginx:1.27\n';

describe('CG209 journald-limits', () => {
  const valid: Array<[string, Record<string, string>, FileKind, string]> = [
    ['journald.conf sets SystemMaxUse=', { 'etc/systemd/journald.conf': LIMITED }, 'unit', UNIT],
    ['a drop-in sets the limit', { 'etc/systemd/journald.conf': NO_LIMIT, 'etc/systemd/journald.conf.d/size.conf': '[Journal]\nSystemMaxUse=1G\n' }, 'unit', UNIT],
    ['Storage=none keeps nothing', { 'journald.conf': '[Journal]\nStorage=none\n' }, 'unit', UNIT],
    ['Storage=volatile with RuntimeMaxUse=', { 'journald.conf': '[Journal]\nStorage=volatile\nRuntimeMaxUse=64M\n' }, 'unit', UNIT],
    ['Docker default json-file driver (CG006 territory)', { 'journald.conf': NO_LIMIT }, 'unit', '[Service]\nExecStart=/usr/bin/docker run --rm nginx:1.27\n'],
    ['podman with k8s-file', { 'journald.conf': NO_LIMIT }, 'quadlet', '[Container]\nImage=nginx:1.27\nLogDriver=k8s-file\n'],
    ['one of several host configs sets a limit', { 'a/journald.conf': NO_LIMIT, 'b/journald.conf': LIMITED }, 'unit', UNIT],
    ['compose with json-file', { 'journald.conf': NO_LIMIT }, 'compose', 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: json-file\n'],
  ];
  it.each(valid)('does not fire: %s', (_name, journald, kind, text) => {
    expect(locations(lintWith(journald, kind, text), 'CG209')).toEqual([]);
  });

  it('stays quiet when the tree has no journald config', () => {
    expect(locations(lint('unit', UNIT), 'CG209')).toEqual([]);
  });

  const invalid: Array<[string, Record<string, string>, FileKind, string, string[], RegExp]> = [
    ['--log-driver journald in a unit', { 'etc/systemd/journald.conf': NO_LIMIT }, 'unit', UNIT, ['2:49'], /container 'web' logs to journald and etc\/systemd\/journald.conf sets no SystemMaxUse=/],
    ['--log-driver=journald', { 'journald.conf': '' }, 'unit', '[Service]\nExecStart=/usr/bin/docker run --log-driver=journald nginx:1.27\n', ['2:44'], /journald.conf sets no SystemMaxUse=/],
    ['compose logging.driver: journald', { 'journald.conf': NO_LIMIT }, 'compose', 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: journald\n', ['5:15'], /container 'web' logs to journald/],
    ['Quadlet LogDriver=journald', { 'journald.conf': NO_LIMIT }, 'quadlet', '[Container]\nImage=nginx:1.27\nLogDriver=journald\n', ['3:11'], /logs to journald/],
    ["Podman's default driver", { 'journald.conf': NO_LIMIT }, 'quadlet', '[Container]\nImage=nginx:1.27\n', ['1:1'], /Podman's default driver/],
    ['a drop-in resets the limit', { 'journald.conf': LIMITED, 'journald.conf.d/zz.conf': '[Journal]\nSystemMaxUse=\n' }, 'unit', UNIT, ['2:49'], /sets no SystemMaxUse=/],
    ['Storage=volatile without RuntimeMaxUse=', { 'journald.conf': '[Journal]\nStorage=volatile\nSystemMaxUse=1G\n' }, 'unit', UNIT, ['2:49'], /sets no RuntimeMaxUse=/],
    ['SystemMaxFileSize= alone does not bound the total', { 'journald.conf': '[Journal]\nSystemMaxFileSize=100M\n' }, 'unit', UNIT, ['2:49'], /sets no SystemMaxUse=/],
    ['several configs, none limited', { 'a/journald.conf': NO_LIMIT, 'b/journald.conf': '' }, 'unit', UNIT, ['2:49'], /a\/journald.conf \(and 1 other journald config\)/],
  ];
  it.each(invalid)('fires: %s', (_name, journald, kind, text, where, message) => {
    const findings = lintWith(journald, kind, text).filter((f) => f.ruleId === 'CG209');
    expect(locations(findings, 'CG209')).toEqual(where);
    expect(findings[0]!.message).toMatch(message);
    expect(findings[0]!.level).toBe('warning');
  });

  it('scan() discovers journald.conf and its drop-ins and names the file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cguard-cg209-'));
    mkdirSync(path.join(dir, 'etc/systemd/journald.conf.d'), { recursive: true });
    writeFileSync(path.join(dir, 'etc/systemd/journald.conf'), NO_LIMIT);
    writeFileSync(path.join(dir, 'etc/systemd/journald.conf.d/README'), 'not a drop-in\n');
    writeFileSync(path.join(dir, 'web.service'), UNIT);
    const run = (): Finding[] => scan({ cwd: dir, paths: ['.'], policy: defaultPolicy(allRules), rules: allRules }).findings.filter((f) => f.ruleId === 'CG209');
    let findings = run();
    expect(findings.map((f) => `${f.path}:${f.region.line}:${f.region.column}`)).toEqual(['web.service:2:49']);
    expect(findings[0]!.message).toContain('etc/systemd/journald.conf sets no SystemMaxUse=');

    writeFileSync(path.join(dir, 'etc/systemd/journald.conf.d/size.conf'), '[Journal]\nSystemMaxUse=1G\n');
    findings = run();
    expect(findings).toEqual([]);
  });

  it('scan() does not report journald files as files of their own', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cguard-cg209-'));
    writeFileSync(path.join(dir, 'journald.conf'), NO_LIMIT);
    const result = scan({ cwd: dir, paths: ['.'], policy: defaultPolicy(allRules), rules: allRules });
    expect(result.files).toEqual([]);
    expect(result.hostJournald?.configs.map((c) => c.path)).toEqual(['journald.conf']);
  });
});
