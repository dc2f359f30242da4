import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpression, isExpressionError, type CompiledExpression } from '../../src/policy/expression.js';
import { evaluate } from '../../src/policy/interpreter.js';
import { containerView } from '../../src/policy/model-view.js';
import { fullContainer } from './view-samples.js';

const ONLY = '; only the methods includes, startsWith, endsWith, some, every, filter, map and /…/.test can be called';
const LITERAL_KEY = "`[…]` needs a string or non-negative integer literal, e.g. `logOptions['max-size']`";
const TS_SYNTAX = 'TypeScript syntax (`as`, `!`, `<T>`, `satisfies`) is not allowed';

function messageOf(source: string, target: 'container' | 'dockerfile' | 'unit' = 'container'): string {
  const result = compileExpression(source, target);
  return isExpressionError(result) ? result.message : 'compiled';
}

// Each row: an attempt to run code, reach JavaScript's machinery or escape the budget, and
// the exact refusal. All are refused when the config is loaded, before anything runs.
const hostile: Array<[string, string]> = [
  ["constructor.constructor('return process')()", `calling the result of an expression is not allowed${ONLY} (column 1)`],
  ["image.constructor.constructor('return process')()", `calling the result of an expression is not allowed${ONLY} (column 1)`],
  ['constructor', '`constructor` is not allowed (column 1)'],
  ['this.process', '`process` is not allowed (column 6)'],
  ['this', '`this` is not allowed (column 1)'],
  ['globalThis', '`globalThis` is not allowed (column 1)'],
  ['global.process', '`process` is not allowed (column 8)'],
  ['\\u0070rocess', '`process` is not allowed (column 1)'],
  ["require('fs')", `calling \`require\` is not allowed${ONLY} (column 1)`],
  ["import('fs')", '`import()` is not allowed (column 1)'],
  ['import.meta', '`import.meta` and `new.target` are not allowed (column 1)'],
  ["eval('1')", `calling \`eval\` is not allowed${ONLY} (column 1)`],
  ["Function('return this')()", `calling the result of an expression is not allowed${ONLY} (column 1)`],
  ['process.exit(1)', `\`.exit()\` is not allowed${ONLY} (column 9)`],
  ['a = 1', 'assignment is not allowed (column 1)'],
  ["image.registry = 'x'", 'assignment is not allowed (column 1)'],
  ["user ||= 'root'", 'assignment is not allowed (column 1)'],
  ['++capAdd', '`++` and `--` are not allowed (column 1)'],
  ['capAdd.length--', '`++` and `--` are not allowed (column 1)'],
  ["capAdd['constructor']", '`constructor` is not allowed (column 8)'],
  ['capAdd[`constructor`]', `${LITERAL_KEY} (column 8)`],
  ["capAdd['__pro'+'to__']", `${LITERAL_KEY} (column 8)`],
  ['capAdd[user]', `${LITERAL_KEY} (column 8)`],
  ['capAdd[-1]', `${LITERAL_KEY} (column 8)`],
  ['image.__proto__', '`__proto__` is not allowed (column 7)'],
  ["logOptions['__proto__']", '`__proto__` is not allowed (column 12)'],
  ['image.prototype', '`prototype` is not allowed (column 7)'],
  ['image.\\u0063onstructor', '`constructor` is not allowed (column 7)'],
  ["image['\\x63onstructor']", '`constructor` is not allowed (column 7)'],
  ["image['__defineGetter__']", '`__defineGetter__` is not allowed (column 7)'],
  ['image.__lookupGetter__', '`__lookupGetter__` is not allowed (column 7)'],
  ['logOptions.__anything', '`__anything` is not allowed (column 12)'],
  ['user?.constructor', '`constructor` is not allowed (column 7)'],
  ["capAdd.map(c => c)['constructor']", '`constructor` is not allowed (column 20)'],
  ['capAdd.toString()', '`toString` is not allowed (column 8)'],
  ['user.valueOf()', '`valueOf` is not allowed (column 6)'],
  ['capAdd.some.call(null, c => c)', '`call` is not allowed (column 13)'],
  ['delete image.ref', '`delete` is not allowed (column 1)'],
  ['void 0', '`void` is not allowed (column 1)'],
  ['new Date()', '`new` is not allowed (column 1)'],
  ['new.target', '`import.meta` and `new.target` are not allowed (column 1)'],
  ['String.raw`x`', 'tagged templates are not allowed (column 1)'],
  ['[...capAdd]', 'spread `...` is not allowed (column 2)'],
  ['capAdd.includes(...capAdd)', 'spread `...` is not allowed (column 17)'],
  ['({ get x() { return 1 } })', 'object literals are not allowed (column 2)'],
  ['(user, capAdd)', 'the comma operator is not allowed (column 2)'],
  ['[1].some(function f() { return f() })', '`some` takes an arrow function, e.g. `some(m => m.readOnly)` (column 10)'],
  ['capAdd.some(c => { while (true) {} })', 'an arrow function must return an expression, e.g. `m => m.readOnly`, not a `{ … }` block (column 18)'],
  ['capAdd.some(async c => c)', '`async` is not allowed (column 13)'],
  ['capAdd.some((c = 1) => c)', 'parameters must be plain names (no defaults, `...` or destructuring) (column 14)'],
  ['capAdd.some(({ length }) => length)', 'parameters must be plain names (no defaults, `...` or destructuring) (column 14)'],
  ['capAdd.some((...a) => a)', 'parameters must be plain names (no defaults, `...` or destructuring) (column 14)'],
  ['capAdd.some(process => process)', '`process` is not allowed (column 13)'],
  ['capAdd.some(c => c)()', `calling the result of an expression is not allowed${ONLY} (column 1)`],
  ["(0, capAdd.includes)('x')", `calling the result of an expression is not allowed${ONLY} (column 1)`],
  ["capAdd?.includes?.('x')", '`?.()` is not allowed; use `?.` on the value instead (column 1)'],
  ["capAdd['includes']('x')", 'call methods by name, e.g. `.includes(…)`, not with `[…]` (column 8)'],
  ['x => x', 'arrow functions are only allowed as the argument of some, every, filter, map (column 1)'],
  ['capAdd.reduce((a, b) => a + b)', `\`.reduce()\` is not allowed${ONLY} (column 8)`],
  ["capAdd.join(',')", `\`.join()\` is not allowed${ONLY} (column 8)`],
  ["'('.repeat(100000)", `\`.repeat()\` is not allowed${ONLY} (column 5)`],
  ['Object.keys(image)', `\`.keys()\` is not allowed${ONLY} (column 8)`],
  ['/x/', 'a regex literal can only be used as `/…/.test(text)` (column 1)'],
  ["user.test('x')", '`test` can only be called on a regex literal, e.g. `/^ghcr\\.io\\//.test(image.ref)` (column 1)'],
  ['/a/g.test(user)', 'regex flag `g` is not supported (only i, m, s) (column 1)'],
  ['/(a)\\1/.test(user)', 'invalid regex at 4: backreferences are not supported (column 1)'],
  ['/(?=a)/.test(user)', 'invalid regex at 1: lookahead, lookbehind and inline flags are not supported (column 1)'],
  [`/${'a'.repeat(201)}/.test(user)`, 'regex is longer than 200 characters (column 1)'],
  ['/(a{1000}){1000}/.test(user)', 'regex is too large once its repetitions are expanded (column 1)'],
  ["'constructor' in image", 'the `in` operator is not allowed (column 1)'],
  ['capAdd instanceof Array', 'the `instanceof` operator is not allowed (column 1)'],
  ['#x in image', 'the `in` operator is not allowed (column 1)'],
  ['user ** 2', 'the `**` operator is not allowed (column 1)'],
  ['user | 0', 'the `|` operator is not allowed (column 1)'],
  ['~user', '`~` is not allowed (column 1)'],
  ['user!', `${TS_SYNTAX} (column 1)`],
  ['user as any', `${TS_SYNTAX} (column 1)`],
  ['capAdd.map<string>(c => c)', 'TypeScript type arguments are not allowed (column 11)'],
  ['await user', '`await` is not allowed (column 1)'],
  ['super.x', '`super` is not allowed (column 1)'],
  ['arguments', '`arguments` is not allowed (column 1)'],
  ['0n', 'BigInt literals are not allowed (column 1)'],
  ['[,]', 'array holes are not allowed (column 1)'],
  ['user; process', 'only one expression is allowed, not several statements (column 7)'],
  ['for (;;) {}', 'statements are not allowed; write a single expression (column 1)'],
  ['let x = 1', 'statements are not allowed; write a single expression (column 1)'],
  ['function f() { return f() }', 'statements are not allowed; write a single expression (column 1)'],
  ['class A {}', 'statements are not allowed; write a single expression (column 1)'],
  ['{}', 'statements are not allowed; write a single expression (column 1)'],
  ['user &&\n  new Date()', '`new` is not allowed (line 2, column 3)'],
  ['', 'the expression is empty (column 1)'],
  ['/* nothing */', 'the expression is empty (column 1)'],
  [`user === '${'x'.repeat(2000)}'`, 'the expression is longer than 2000 characters (column 1)'],
  [`${'('.repeat(900)}user${')'.repeat(900)}`, 'the expression is nested too deeply (column 1)'],
  [`${'!'.repeat(1900)}user`, 'the expression is nested too deeply (column 1)'],
  [Array(150).fill('user').join(' && '), 'the expression is nested too deeply (column 1)'],
];

describe('compileExpression refuses what is not data', () => {
  const rows = hostile.map(([source, message]) => [source.length > 60 ? `${source.slice(0, 57)}…` : source, source, message]);

  it.each(rows)('%j', (_label, source, message) => {
    expect(messageOf(source!)).toBe(message);
  });

  it('changes nothing global, even when a refused expression is compiled and anything compiled is run', () => {
    const g = globalThis as Record<string, unknown>;
    g.cguardSentinel = 'untouched';
    const globalsBefore = Object.getOwnPropertyNames(globalThis).sort();
    const objectProtoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const arrayProtoBefore = Object.getOwnPropertyNames(Array.prototype).sort();
    const view = containerView(fullContainer());
    for (const [source] of hostile) {
      const compiled = compileExpression(source, 'container');
      if (!isExpressionError(compiled)) evaluate(compiled, view);
    }
    expect(g.cguardSentinel).toBe('untouched');
    expect(Object.getOwnPropertyNames(globalThis).sort()).toEqual(globalsBefore);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(objectProtoBefore);
    expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(arrayProtoBefore);
    delete g.cguardSentinel;
  });
});

describe('compileExpression checks field names against the catalogue', () => {
  const names: Array<[string, 'container' | 'dockerfile' | 'unit', string]> = [
    ['imgae.ref', 'container', 'unknown container field `imgae`; did you mean `image`? (column 1)'],
    ['image.regsitry', 'container', 'unknown field `image.regsitry`; did you mean `image.registry`? (column 7)'],
    ['registry', 'container', 'unknown container field `registry`; did you mean `image.registry`? (column 1)'],
    ['capadd', 'container', 'unknown container field `capadd`; did you mean `capAdd`? (column 1)'],
    ['frobnicate', 'container', 'unknown container field `frobnicate` (column 1)'],
    ['mounts.some(m => m.sourc === "/x")', 'container', 'unknown field `m.sourc`; did you mean `m.source`? (column 20)'],
    ['mounts[0].targt', 'container', 'unknown field `mounts[0].targt`; did you mean `mounts[0].target`? (column 11)'],
    ['env.filter(e => e.name).some(e => e.vale)', 'container', 'unknown field `e.vale`; did you mean `e.value`? (column 37)'],
    ['image.ref.foo', 'container', '`image.ref` is a string; it has `length` and [index] but no field `foo` (column 11)'],
    ['capAdd.includes', 'container', '`capAdd` is a list; it has `length` and [index] but no field `includes` (column 8)'],
    ['privileged.x', 'container', '`privileged` is a boolean and has no field `x` (column 12)'],
    ["capAdd.startsWith('CAP_')", 'container', '`capAdd` is a list; `startsWith` works on a string (column 1)'],
    ['user.some(c => c)', 'container', '`user` is a string; `some` works on a list (column 1)'],
    ['capAdd.some(c => c.some(d => d))', 'container', '`c` is a string; `some` works on a list (column 18)'],
    ['(user ?? capAdd).fooo', 'container', 'unknown container field `(user ?? capAdd).fooo` (column 18)'],
    ['sections', 'container', 'unknown container field `sections` (column 1)'],
    ['capAdd', 'unit', 'unknown unit field `capAdd` (column 1)'],
    ['finalStage.usr', 'dockerfile', 'unknown field `finalStage.usr`; did you mean `finalStage.user`? (column 12)'],
    ['stages.some(s => s.image.tg === "latest")', 'dockerfile', 'unknown field `s.image.tg`; did you mean `s.image.tag`? (column 26)'],
    ['containers.some(c => c.privleged)', 'unit', 'unknown field `c.privleged`; did you mean `c.privileged`? (column 24)'],
  ];

  it.each(names)('%j for %s', (source, target, message) => {
    expect(messageOf(source, target)).toBe(message);
  });

  const allowed: Array<[string, 'container' | 'dockerfile' | 'unit']> = [
    ["image.registry !== 'registry.example.com'", 'container'],
    ["logOptions['max-size'] === undefined", 'container'],
    ['logOptions.anything', 'container'],
    ['(user ?? capAdd).length', 'container'],
    ["finalStage?.user === 'root'", 'dockerfile'],
    ["instructions.filter(i => i.keyword === 'RUN').some(i => /curl.*\\|\\s*sh/.test(i.text))", 'dockerfile'],
    ["globalArgs.VERSION === '1.0'", 'dockerfile'],
    ["sections.Service.User === undefined && lists.Service.ExecStartPre?.length > 0", 'unit'],
    ['containers.some(c => c.mounts.some(m => m.readOnly))', 'unit'],
    ['typeof user === "string"', 'container'],
    ['capAdd.map((c, i) => i)', 'container'],
  ];

  it.each(allowed)('compiles %j for %s', (source, target) => {
    expect(messageOf(source, target)).toBe('compiled');
  });
});

describe('compileExpression on arbitrary input', () => {
  const compileOrError = (source: string) => {
    const result = compileExpression(source, 'container');
    expect(['expression', 'error']).toContain(result.kind);
  };

  it('returns an error value for random strings and never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), compileOrError), { numRuns: 1000 });
  });

  it('returns an error value for random token soup and never throws', () => {
    const token = fc.constantFrom(
      'user', 'image', '.', 'registry', 'capAdd', 'constructor', '__proto__', '(', ')', '[', ']', '{', '}', '=>', 'c', ',',
      '=', '===', '&&', '||', '??', '?.', '?', ':', '!', '+', '-', '`', '${', "'x'", '0', '/a+/', '.test', '.some', '.map',
      '.includes', 'new', 'this', 'function', 'return', ';', '...', 'typeof', 'delete', 'import', ' ',
    );
    fc.assert(fc.property(fc.array(token, { maxLength: 40 }).map((t) => t.join('')), compileOrError), { numRuns: 1000 });
  });
});

describe('compiled expressions', () => {
  it('are frozen and remember their source and target', () => {
    const compiled = compileExpression('privileged', 'container') as CompiledExpression;
    expect(Object.isFrozen(compiled)).toBe(true);
    expect(compiled).toMatchObject({ kind: 'expression', source: 'privileged', target: 'container' });
  });
});
