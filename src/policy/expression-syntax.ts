/**
 * Syntax-level checks for custom-rule expressions, shared by the compiler in `expression.ts`:
 * names that are never allowed, member keys, arrow-function parameters, and the wording of
 * refusals for syntax outside the allow-list.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { ITERATORS } from './expression-ir.js';

/** A refusal at a node; `compileExpression` turns it into an `ExpressionError` with the column. */
export class Rejection extends Error {
  constructor(
    message: string,
    readonly node: TSESTree.Node | undefined,
  ) {
    super(message);
  }
}

/**
 * Names that reach JavaScript's machinery rather than data. The interpreter never follows
 * prototypes anyway; refusing them by name gives a clear message and a second fence.
 */
const FORBIDDEN = new Set([
  'constructor', 'prototype', '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__',
  '__lookupSetter__', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'toLocaleString',
  'valueOf', 'caller', 'callee', 'arguments', 'globalThis', 'global', 'window', 'self', 'process', 'require',
  'module', 'exports', 'eval', 'Function', 'Reflect', 'Proxy', 'Object', 'import', 'then', 'bind', 'call', 'apply',
]);

export const isForbidden = (name: string) => FORBIDDEN.has(name) || name.startsWith('__');

/** The property of `a.b` / `a['b']` / `a[0]`; refuses computed keys that are not literals. */
export function memberKey(node: TSESTree.MemberExpression): string | number {
  const p = node.property;
  let key: string | number;
  if (!node.computed && p.type === 'Identifier') key = p.name;
  else if (p.type === 'PrivateIdentifier') throw new Rejection('private names are not allowed', p);
  else if (p.type === 'Literal' && typeof p.value === 'string') key = p.value;
  else if (p.type === 'Literal' && typeof p.value === 'number' && Number.isInteger(p.value) && p.value >= 0) key = p.value;
  else throw new Rejection("`[…]` needs a string or non-negative integer literal, e.g. `logOptions['max-size']`", p);
  if (typeof key === 'string' && isForbidden(key)) throw new Rejection(`\`${key}\` is not allowed`, p);
  // `a['0']` and `a[0]` are the same property.
  return typeof key === 'string' && /^(0|[1-9]\d{0,8})$/.test(key) ? Number(key) : key;
}

export function arrowParams(fn: TSESTree.ArrowFunctionExpression): string[] {
  if (fn.async) throw new Rejection('`async` is not allowed', fn);
  if (fn.returnType || fn.typeParameters) throw new Rejection('TypeScript type annotations are not allowed', fn);
  if (fn.body.type === 'BlockStatement') {
    throw new Rejection('an arrow function must return an expression, e.g. `m => m.readOnly`, not a `{ … }` block', fn.body);
  }
  if (fn.params.length < 1 || fn.params.length > 2) {
    throw new Rejection('an arrow function takes the item (and optionally its index) as parameters', fn);
  }
  const names = fn.params.map((p) => {
    if (p.type !== 'Identifier') throw new Rejection('parameters must be plain names (no defaults, `...` or destructuring)', p);
    if (p.typeAnnotation || p.optional) throw new Rejection('TypeScript type annotations are not allowed', p);
    if (isForbidden(p.name) || p.name === 'undefined') throw new Rejection(`\`${p.name}\` is not allowed`, p);
    return p.name;
  });
  if (names[0] === names[1]) throw new Rejection(`duplicate parameter \`${names[0]}\``, fn);
  return names;
}

/** Why a syntax node outside the allow-list is refused, in the user's words. */
export function refusal(node: TSESTree.Node): string {
  const words: Partial<Record<string, string>> = {
    NewExpression: '`new` is not allowed',
    AssignmentExpression: 'assignment is not allowed',
    UpdateExpression: '`++` and `--` are not allowed',
    ThisExpression: '`this` is not allowed',
    Super: '`super` is not allowed',
    SequenceExpression: 'the comma operator is not allowed',
    TaggedTemplateExpression: 'tagged templates are not allowed',
    ObjectExpression: 'object literals are not allowed',
    FunctionExpression: `function expressions are not allowed; use an arrow function inside ${ITERATORS.join(', ')}`,
    ClassExpression: 'classes are not allowed',
    ImportExpression: '`import()` is not allowed',
    MetaProperty: '`import.meta` and `new.target` are not allowed',
    AwaitExpression: '`await` is not allowed',
    YieldExpression: '`yield` is not allowed',
    SpreadElement: 'spread `...` is not allowed',
    PrivateIdentifier: 'private names are not allowed',
  };
  if (words[node.type]) return words[node.type]!;
  if (node.type.startsWith('TS')) return 'TypeScript syntax (`as`, `!`, `<T>`, `satisfies`) is not allowed';
  if (node.type.startsWith('JSX')) return 'JSX is not allowed';
  return `${node.type} is not allowed`;
}
