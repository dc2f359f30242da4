import { describe, expect, it } from 'vitest';
import { compileExpression, isExpressionError, type CompiledExpression } from '../../src/policy/expression.js';
import type { View } from '../../src/policy/field-catalogue.js';
import {
  evaluate,
  ExpressionBudgetError,
  ExpressionRuntimeError,
  readOwn,
} from '../../src/policy/interpreter.js';
import { containerView, dockerfileView, unitView, type PolicyTarget } from '../../src/policy/model-view.js';
import { bareContainer, fullContainer, imagelessContainer, sampleDockerfile, sampleUnit } from './view-samples.js';

const views: Record<string, [PolicyTarget, View]> = {
  full: ['container', containerView(fullContainer())],
  bare: ['container', containerView(bareContainer())],
  imageless: ['container', containerView(imagelessContainer())],
  dockerfile: ['dockerfile', dockerfileView(sampleDockerfile())],
  unit: ['unit', unitView(sampleUnit(), [bareContainer()])],
};

function compiled(source: string, target: PolicyTarget = 'container'): CompiledExpression {
  const result = compileExpression(source, target);
  if (isExpressionError(result)) throw new Error(result.message);
  return result;
}

function run(source: string, viewName: keyof typeof views, maxSteps?: number): unknown {
  const [target, view] = views[viewName]!;
  return evaluate(compiled(source, target), view, { maxSteps });
}

describe('evaluate', () => {
  const table: Array<[string, keyof typeof views, unknown]> = [
    // The examples custom rules are written for.
    ["image.registry !== 'registry.example.com'", 'full', true],
    ["image.registry !== 'registry.example.com'", 'imageless', true], // undefined !== '…'
    ["image !== null && image.registry !== 'registry.example.com'", 'imageless', false],
    ["capAdd.includes('SYS_ADMIN')", 'full', true],
    ["capAdd.includes('SYS_ADMIN')", 'bare', false],
    ["mounts.some(m => m.source === '/var/run/docker.sock')", 'full', true],
    ["mounts.some(m => m.source === '/var/run/docker.sock')", 'bare', false],
    ["user === null || user === 'root'", 'full', true],
    ["user === null || user === 'root'", 'bare', true],
    ['/^ghcr\\.io\\//.test(image.ref)', 'full', true],
    ['/^ghcr\\.io\\//.test(image.ref)', 'bare', false],
    ["/^(docker\\.io|ghcr\\.io)$/i.test(image.registry)", 'bare', true],
    ['`${image.registry}/${image.repository}:${image.tag}`', 'full', 'ghcr.io/acme/web:1.2'],
    ["image.tag ?? 'latest'", 'bare', 'latest'],
    ["image.tag ?? 'latest'", 'full', '1.2'],
    ['image?.digest?.length', 'full', undefined],
    ['image.ref.startsWith("x")', 'imageless', undefined],
    ['healthcheck.disabled', 'bare', undefined],
    ["privileged ? 'yes' : 'no'", 'full', 'yes'],
    ['!readOnly && !privileged', 'bare', true],
    // Member access.
    ['capAdd.length', 'full', 2],
    ['capAdd[0]', 'full', 'SYS_ADMIN'],
    ["capAdd['1']", 'full', 'NET_ADMIN'],
    ['capAdd[5]', 'full', undefined],
    ['user[0] + user.length', 'full', 'r4'],
    ["logOptions['max-size']", 'full', '10m'],
    ['logOptions.missing', 'full', undefined],
    ['mounts[1].source', 'full', null],
    // Methods.
    ['env.filter(e => e.value === null).map(e => e.name)', 'full', ['HOME']],
    ["ports.every(p => p.hostIp !== '0.0.0.0')", 'full', false],
    ['ports.every(p => p.hostIp !== "0.0.0.0")', 'bare', true],
    ['capAdd.map((c, i) => i)', 'full', [0, 1]],
    ['capAdd.filter(c => c.endsWith("_ADMIN")).length', 'full', 2],
    ["command.includes('-g')", 'full', true],
    ["command.includes('-g')", 'bare', undefined],
    ["'no-new-privileges:true'.includes(securityOpt[0])", 'full', true],
    ['[1, 2, 3].includes(2)', 'bare', true],
    ['[0 / 0].includes(0 / 0)', 'bare', true],
    ["capAdd.some(a => capAdd.some(b => a !== b && a + b === 'SYS_ADMINNET_ADMIN'))", 'full', true],
    // Operators, with JavaScript's conversions for plain data.
    ['stopTimeout * 2 + 1', 'full', 21],
    ['-stopTimeout', 'full', -10],
    ['+pidsLimit > 50', 'full', true],
    ['pidsLimit > 50', 'full', true],
    ["pidsLimit > '50'", 'full', false], // string comparison, as in JavaScript
    ['stopTimeout % 3', 'full', 1],
    ['1 / 0', 'bare', Infinity],
    ["'caps: ' + capAdd", 'full', 'caps: SYS_ADMIN,NET_ADMIN'],
    ["capAdd == 'SYS_ADMIN,NET_ADMIN'", 'full', true],
    ["stopTimeout == '10'", 'full', true],
    ['user == undefined', 'bare', true],
    ['user != null', 'full', true],
    ['capAdd == capAdd', 'full', true],
    ['[1] == [1]', 'full', false],
    ['image == null', 'full', false],
    ['typeof image', 'full', 'object'],
    ['typeof user', 'bare', 'object'],
    ['typeof stopTimeout', 'full', 'number'],
    ['typeof logOptions.missing', 'full', 'undefined'],
    ['`${capAdd}`', 'full', 'SYS_ADMIN,NET_ADMIN'],
    ['`${env.map(e => e.value)}`', 'full', 'abc,'],
    ['`${image}`', 'full', '[object Object]'],
    // Dockerfiles and units.
    ["finalStage.user === 'root'", 'dockerfile', false],
    ['finalStage.user', 'dockerfile', 'app'],
    ["stages.some(s => s.image?.tag === '3.20')", 'dockerfile', true],
    ["instructions.filter(i => i.keyword === 'RUN').some(i => i.flags.some(f => f.name === 'mount'))", 'dockerfile', true],
    ["instructions.some(i => /\\bmake\\b/.test(i.text))", 'dockerfile', true],
    ['globalArgs.UNSET', 'dockerfile', null],
    ['globalArgs.VERSION', 'dockerfile', '1.0'],
    ['sections.Service.Restart', 'unit', 'always'],
    ['lists.Service.Environment', 'unit', ['B=2']],
    ['sections.Service.User === undefined', 'unit', true],
    ["sections.Service['ExecStart'].startsWith('/usr/bin/docker')", 'unit', true],
    ['sections.Nope.Anything', 'unit', undefined],
    ['containers.some(c => c.privileged)', 'unit', false],
    ["containers.map(c => c.image.ref)", 'unit', ['nginx']],
  ];

  it.each(table)('%s on %s is %j', (source, viewName, expected) => {
    expect(run(source, viewName)).toEqual(expected);
  });

  const failures: Array<[string, keyof typeof views, string]> = [
    ['(user ?? capAdd).some(c => c)', 'full', '`some` needs a list, not a string'],
    ["(user ?? capAdd).startsWith('r')", 'bare', '`startsWith` needs a string, not a list'],
    ["(user === 'x' ? user : stopTimeout).includes(1)", 'full', '`includes` needs a string or a list, not a number'],
  ];

  it.each(failures)('%s on %s fails with %j', (source, viewName, message) => {
    expect(() => run(source, viewName)).toThrow(new ExpressionRuntimeError(message));
  });
});

describe('the step budget', () => {
  const manyCaps = fullContainer();
  manyCaps.capAdd = Array.from({ length: 300 }, (_, i) => ({ value: `CAP_${i}`, span: { start: 0, end: 0 } }));
  const wide = containerView(manyCaps);
  const longValue = fullContainer();
  longValue.env = [{ value: { name: 'BIG', value: 'a'.repeat(60_000) }, span: { start: 0, end: 0 } }];
  const long = containerView(longValue);

  it('counts one step per node visited', () => {
    expect(() => evaluate(compiled('privileged && privileged'), views.full![1], { maxSteps: 2 })).toThrow(
      new ExpressionBudgetError('the expression needs more than 2 steps'),
    );
    expect(evaluate(compiled('privileged && privileged'), views.full![1], { maxSteps: 3 })).toBe(true);
  });

  const expensive: Array<[string, View, string]> = [
    ["capAdd.some(a => capAdd.some(b => capAdd.some(c => a + b + c === 'x')))", wide, 'the expression needs more than 10000 steps'],
    ['capAdd.map(a => capAdd.map(b => capAdd.map(c => c))).length', wide, 'the expression needs more than 10000 steps'],
    ['capAdd.map(a => `${capAdd}${capAdd}${capAdd}`).length', wide, 'the expression needs more than 10000 steps'],
    ['env[0].value + env[0].value', long, 'the expression built a string longer than 100000 characters'],
    ['`${env[0].value}${env[0].value}`', long, 'the expression built a string longer than 100000 characters'],
    ['`${[env[0].value, env[0].value]}`', long, 'the expression built a string longer than 100000 characters'],
  ];

  it.each(expensive)('stops %s quickly', (source, view, message) => {
    const started = performance.now();
    expect(() => evaluate(compiled(source), view)).toThrow(new ExpressionBudgetError(message));
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('charges a regex test by input length, which a linear-time matcher makes a real bound', () => {
    const source = '/(a+)+$/.test(env[0].value + "!")';
    expect(evaluate(compiled(source), long)).toBe(false);
    expect(() => evaluate(compiled(source), long, { maxSteps: 500 })).toThrow(ExpressionBudgetError);
  });
});

describe('readOwn reads own data only', () => {
  const inherited = Object.create({ x: 1 }) as object;
  const nullProto = Object.assign(Object.create(null) as object, { x: 1 });
  let getterCalls = 0;
  const withGetter = {
    get x() {
      getterCalls++;
      return 1;
    },
  };
  const arrayWithGetter = [1];
  Object.defineProperty(arrayWithGetter, 0, { get: () => getterCalls++ });

  const table: Array<[string, unknown, string | number, unknown]> = [
    ['a plain property', { a: 1 }, 'a', 1],
    ['constructor of an object', {}, 'constructor', undefined],
    ['an array method', [], 'map', undefined],
    ['an array length', [1, 2], 'length', 2],
    ['an array index', [1, 2], 1, 2],
    ['an index past the end', [1], 1, undefined],
    ['a string length', 'ab', 'length', 2],
    ['a string index', 'ab', 1, 'b'],
    ['a string method', 'ab', 'includes', undefined],
    ['an inherited property', inherited, 'x', undefined],
    ['a null-prototype object', nullProto, 'x', 1],
    ['a class instance', new Date(0), 'getTime', undefined],
    ['a getter', withGetter, 'x', undefined],
    ['an array getter', arrayWithGetter, 0, undefined],
    ['a number', 5, 'toFixed', undefined],
    ['null', null, 'x', undefined],
  ];

  it.each(table)('%s', (_what, value, key, expected) => {
    expect(readOwn(value, key)).toBe(expected);
  });

  it('never runs a getter, in readOwn or in evaluate', () => {
    expect(getterCalls).toBe(0);
    let viewGetterCalls = 0;
    const view = Object.defineProperty({}, 'privileged', { get: () => ++viewGetterCalls, enumerable: true });
    expect(evaluate(compiled('privileged'), view)).toBeUndefined();
    expect(viewGetterCalls).toBe(0);
  });
});
