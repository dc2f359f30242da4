import { describe, expect, it } from 'vitest';
import { parseBoolean, parseDuration, parsePortShort, parseVolumeShort, splitCommand } from '../../src/parsers/compose-syntax.js';

describe('parsePortShort', () => {
  it.each([
    ['80', { containerPort: '80' }],
    ['80:80', { hostPort: '80', containerPort: '80' }],
    ['8080:80/udp', { hostPort: '8080', containerPort: '80', protocol: 'udp' }],
    ['127.0.0.1:5432:5432', { hostIp: '127.0.0.1', hostPort: '5432', containerPort: '5432' }],
    ['127.0.0.1::5432', { hostIp: '127.0.0.1', containerPort: '5432' }],
    ['9090-9091:8080-8081', { hostPort: '9090-9091', containerPort: '8080-8081' }],
    ['3000-3005', { containerPort: '3000-3005' }],
    ['[::1]:6001:6001', { hostIp: '::1', hostPort: '6001', containerPort: '6001' }],
    ['0.0.0.0:53:53/tcp', { hostIp: '0.0.0.0', hostPort: '53', containerPort: '53', protocol: 'tcp' }],
  ])('%s', (text, expected) => {
    expect(parsePortShort(text)).toEqual(expected);
  });

  it.each(['', '80:', '[::1'])('%j is not a port', (text) => {
    expect(parsePortShort(text)).toBeUndefined();
  });
});

describe('parseVolumeShort', () => {
  it.each([
    ['/data', { type: 'volume', target: '/data', readOnly: false }],
    ['data:/data', { type: 'volume', source: 'data', target: '/data', readOnly: false }],
    ['./app:/app', { type: 'bind', source: './app', target: '/app', readOnly: false }],
    ['../app:/app:ro', { type: 'bind', source: '../app', target: '/app', readOnly: true }],
    ['~/configs:/etc/configs/:ro,z', { type: 'bind', source: '~/configs', target: '/etc/configs/', readOnly: true }],
    ['/var/run/docker.sock:/var/run/docker.sock', { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false }],
    ['/etc:/host/etc:rw', { type: 'bind', source: '/etc', target: '/host/etc', readOnly: false }],
    ['C:\\data:/data:ro', { type: 'bind', source: 'C:\\data', target: '/data', readOnly: true }],
    ['db:/var/lib/db:nocopy', { type: 'volume', source: 'db', target: '/var/lib/db', readOnly: false }],
  ])('%s', (text, expected) => {
    expect(parseVolumeShort(text)).toEqual(expected);
  });

  it('has nothing for an empty string', () => {
    expect(parseVolumeShort('')).toBeUndefined();
  });
});

describe('parseDuration', () => {
  it.each([
    ['1m30s', 90],
    ['10s', 10],
    ['1.5h', 5400],
    ['300ms', 0.3],
    ['2h45m', 9900],
    ['1m0.5s', 60.5],
    ['10us', 0.00001],
    ['45', 45],
    ['0', 0],
  ])('%s is %d s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', 'soon', '1d', '5 s', 'm'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['yes', true],
    ['on', true],
    ['y', true],
    ['false', false],
    ['FALSE', false],
    ['no', false],
    ['off', false],
    ['1', undefined],
    ['', undefined],
  ])('%j', (text, value) => {
    expect(parseBoolean(text)).toBe(value);
  });
});

describe('splitCommand', () => {
  it.each([
    ['npm start', ['npm', 'start']],
    ['  sh -c "echo hi && sleep 1"  ', ['sh', '-c', 'echo hi && sleep 1']],
    ["bash -c 'a \"b\" c'", ['bash', '-c', 'a "b" c']],
    ['echo a\\ b "x\\"y"', ['echo', 'a b', 'x"y']],
    ['--flag=""', ['--flag=']],
    ['', []],
  ])('%j', (text, words) => {
    expect(splitCommand(text)).toEqual(words);
  });
});
