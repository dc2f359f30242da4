/**
 * Compiling a custom rule's `when:` expression. A policy file may come from an untrusted pull
 * request, so the expression is data: typescript-estree parses it, and this module translates
 * an explicit allow-list of syntax into `Expr` nodes for cguard's interpreter. Anything not on
 * the list — calls of anything but a few methods, `new`, assignment, `this`, prototype
 * plumbing, statements — is refused here, with the column, when the config is loaded.
 *
 * Field names are checked against the catalogue of the rule's target, through member chains
 * and arrow parameters, so a typo gets "did you mean …?" instead of a rule that never fires.
 */
import { createRequire } from 'node:module';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  BINARY_OPERATORS,
  ITERATORS,
  STRING_METHODS,
  type CompiledExpression,
  type Expr,
  type ExpressionError,
} from './expression-ir.js';
import {
  bool,
  closest,
  flatten,
  list,
  num,
  resolveProperty,
  str,
  suggestTopLevel,
  unwrap,
  type FieldType,
} from './field-catalogue.js';
import { FIELD_CATALOGUE, type PolicyTarget } from './model-view.js';
import { arrowParams, isForbidden, memberKey, refusal, Rejection } from './expression-syntax.js';
import { compileSafeRegex } from './safe-regex.js';

export { isExpressionError, type CompiledExpression, type ExpressionError } from './expression-ir.js';

export const MAX_EXPRESSION_LENGTH = 2000;

type Estree = typeof import('@typescript-eslint/typescript-estree');
let estree: Estree | undefined;
/**
 * typescript-estree loads the TypeScript compiler (~1.3 s of start-up), so it is required only
 * when a config has custom rules to compile, never by a plain `cguard scan` or `--version`.
 */
function loadEstree(): Estree {
  // A literal `require(...)` is what esbuild bundles into the Action (whose banner defines `require`).
  estree ??= (typeof require === 'function'
    ? require('@typescript-eslint/typescript-estree')
    : createRequire(import.meta.url)('@typescript-eslint/typescript-estree')) as Estree;
  return estree;
}
/** Well below the parser's own stack limit; real rules nest a handful of levels. */
const MAX_DEPTH = 100;

const ALLOWED_METHODS = `${STRING_METHODS.join(', ')}, ${ITERATORS.join(', ')} and /…/.test`;

type Static = FieldType | undefined; // undefined: not known at compile time
type Scope = ReadonlyMap<string, Static>;

export function compileExpression(source: string, target: PolicyTarget): CompiledExpression | ExpressionError {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return error(`the expression is longer than ${MAX_EXPRESSION_LENGTH} characters`, 1, 1);
  }
  let program: TSESTree.Program;
  const { parse, TSError } = loadEstree();
  try {
    program = parse(source, { loc: true, range: true, jsx: false, comment: false, loggerFn: false });
  } catch (e) {
    if (e instanceof TSError) {
      return error(`syntax error: ${e.message}`, e.location.start.line, e.location.start.column + 1);
    }
    // The parser recurses per nesting level; a stack overflow means absurd nesting.
    return error('the expression is nested too deeply', 1, 1);
  }
  try {
    if (program.body.length === 0) throw new Rejection('the expression is empty', undefined);
    const [statement, extra] = program.body;
    if (extra) throw new Rejection('only one expression is allowed, not several statements', extra);
    if (statement!.type !== 'ExpressionStatement') {
      throw new Rejection('statements are not allowed; write a single expression', statement);
    }
    const compiler = new Compiler(source, target);
    const root = compiler.compile(statement!.expression, new Map(), 0).expr;
    return Object.freeze({ kind: 'expression', source, target, root });
  } catch (e) {
    if (!(e instanceof Rejection)) throw e;
    const loc = e.node?.loc.start;
    return error(e.message, loc?.line ?? 1, (loc?.column ?? 0) + 1);
  }
}

function error(what: string, line: number, column: number): ExpressionError {
  const where = line > 1 ? `line ${line}, column ${column}` : `column ${column}`;
  return { kind: 'error', message: `${what} (${where})`, line, column };
}

interface Compiled {
  expr: Expr;
  type: Static;
}

class Compiler {
  private readonly fields;
  /** Every field name at any depth, for member access on values whose type is not known. */
  private readonly anyDepthNames: ReadonlySet<string>;

  constructor(
    private readonly source: string,
    private readonly target: PolicyTarget,
  ) {
    this.fields = FIELD_CATALOGUE[target];
    const paths = flatten(this.fields).map((f) => f.path);
    this.anyDepthNames = new Set(paths.map((p) => p.split(/[.\[\]]+/).at(-1)!).filter((n) => !n.startsWith('<')));
  }

  compile(node: TSESTree.Node, scope: Scope, depth: number): Compiled {
    if (depth > MAX_DEPTH) throw new Rejection('the expression is nested too deeply', node);
    const sub = (n: TSESTree.Node, s: Scope = scope) => this.compile(n, s, depth + 1);
    switch (node.type) {
      case 'Literal':
        return this.literal(node);
      case 'TemplateLiteral':
        return {
          expr: { k: 'template', quasis: node.quasis.map((q) => q.value.cooked ?? q.value.raw), exprs: node.expressions.map((e) => sub(e).expr) },
          type: str,
        };
      case 'Identifier':
        return this.identifier(node, scope);
      case 'ChainExpression':
        return sub(node.expression);
      case 'MemberExpression': {
        // The key first: `this['constructor']` is refused for `constructor`, the real point.
        const key = memberKey(node);
        return this.member(node, key, sub(node.object));
      }
      case 'CallExpression':
        return this.call(node, scope, depth);
      case 'UnaryExpression': {
        if (node.operator === '!' || node.operator === '-' || node.operator === '+' || node.operator === 'typeof') {
          const type = node.operator === '!' ? bool : node.operator === 'typeof' ? str : num;
          return { expr: { k: 'unary', op: node.operator, arg: sub(node.argument).expr }, type };
        }
        throw new Rejection(`\`${node.operator}\` is not allowed`, node);
      }
      case 'BinaryExpression': {
        const op = BINARY_OPERATORS.find((o) => o === node.operator);
        if (!op) throw new Rejection(`the \`${node.operator}\` operator is not allowed`, node);
        if (node.left.type === 'PrivateIdentifier') throw new Rejection('private names are not allowed', node.left);
        const left = sub(node.left);
        const right = sub(node.right);
        const type = op === '+' ? plusType(left.type, right.type) : ['-', '*', '/', '%'].includes(op) ? num : bool;
        return { expr: { k: 'binary', op, left: left.expr, right: right.expr }, type };
      }
      case 'LogicalExpression': {
        const left = sub(node.left);
        const right = sub(node.right);
        const type = sameType(left.type, right.type);
        return { expr: { k: 'logical', op: node.operator, left: left.expr, right: right.expr }, type };
      }
      case 'ConditionalExpression': {
        const then = sub(node.consequent);
        const otherwise = sub(node.alternate);
        return {
          expr: { k: 'conditional', test: sub(node.test).expr, then: then.expr, otherwise: otherwise.expr },
          type: sameType(then.type, otherwise.type),
        };
      }
      case 'ArrayExpression': {
        const items = node.elements.map((e) => {
          if (e === null) throw new Rejection('array holes are not allowed', node);
          if (e.type === 'SpreadElement') throw new Rejection('spread `...` is not allowed', e);
          return sub(e);
        });
        const itemType = items.reduce<Static>((t, i, n) => (n === 0 ? i.type : sameType(t, i.type)), undefined);
        return { expr: { k: 'array', items: items.map((i) => i.expr) }, type: list(itemType ?? str) };
      }
      case 'ArrowFunctionExpression':
        throw new Rejection(`arrow functions are only allowed as the argument of ${ITERATORS.join(', ')}`, node);
      default:
        throw new Rejection(refusal(node), node);
    }
  }

  private literal(node: TSESTree.Literal): Compiled {
    if ('regex' in node && node.regex) {
      throw new Rejection('a regex literal can only be used as `/…/.test(text)`', node);
    }
    if ('bigint' in node && node.bigint !== undefined) throw new Rejection('BigInt literals are not allowed', node);
    const value = node.value as string | number | boolean | null;
    const type = typeof value === 'string' ? str : typeof value === 'number' ? num : typeof value === 'boolean' ? bool : undefined;
    return { expr: { k: 'literal', value }, type };
  }

  private identifier(node: TSESTree.Identifier, scope: Scope): Compiled {
    const name = node.name;
    if (scope.has(name)) return { expr: { k: 'param', name }, type: scope.get(name) };
    if (name === 'undefined') return { expr: { k: 'literal', value: undefined }, type: undefined };
    if (isForbidden(name)) throw new Rejection(`\`${name}\` is not allowed`, node);
    const found = this.fields.find((f) => f.name === name);
    if (found) return { expr: { k: 'field', name }, type: found.type };
    const suggestion = suggestTopLevel(this.fields, name);
    const hint = suggestion === undefined ? '' : `; did you mean \`${suggestion}\`?`;
    throw new Rejection(`unknown ${this.target} field \`${name}\`${hint}`, node);
  }

  private member(node: TSESTree.MemberExpression, key: string | number, object: Compiled): Compiled {
    const objectText = this.text(node.object);
    if (object.type !== undefined) {
      const resolved = resolveProperty(object.type, key, objectText);
      if (!resolved.ok) throw new Rejection(resolved.message, node.property);
      return { expr: { k: 'member', object: object.expr, key }, type: resolved.type };
    }
    if (typeof key === 'string' && key !== 'length' && !this.anyDepthNames.has(key)) {
      const suggestion = closest(key, [...this.anyDepthNames]);
      const hint = suggestion === undefined ? '' : `; did you mean \`${objectText}.${suggestion}\`?`;
      throw new Rejection(`unknown ${this.target} field \`${objectText}.${key}\`${hint}`, node.property);
    }
    return { expr: { k: 'member', object: object.expr, key }, type: undefined };
  }

  private call(node: TSESTree.CallExpression, scope: Scope, depth: number): Compiled {
    const callee = node.callee;
    if (callee.type !== 'MemberExpression') {
      const what = callee.type === 'Identifier' ? `calling \`${callee.name}\`` : 'calling the result of an expression';
      throw new Rejection(`${what} is not allowed; only the methods ${ALLOWED_METHODS} can be called`, node);
    }
    const name = memberKey(callee);
    if (callee.computed) throw new Rejection('call methods by name, e.g. `.includes(…)`, not with `[…]`', callee.property);
    if (node.optional) throw new Rejection('`?.()` is not allowed; use `?.` on the value instead', node);
    if (node.typeArguments) throw new Rejection('TypeScript type arguments are not allowed', node.typeArguments);
    const spread = node.arguments.find((a) => a.type === 'SpreadElement');
    if (spread) throw new Rejection('spread `...` is not allowed', spread);
    if (node.arguments.length !== 1) {
      throw new Rejection(`\`${String(name)}\` takes exactly one argument here`, node);
    }
    const arg = node.arguments[0] as TSESTree.Expression;
    const sub = (n: TSESTree.Node, s: Scope = scope) => this.compile(n, s, depth + 1);

    if (name === 'test') {
      const regexNode = callee.object;
      if (regexNode.type !== 'Literal' || !('regex' in regexNode) || !regexNode.regex) {
        throw new Rejection('`test` can only be called on a regex literal, e.g. `/^ghcr\\.io\\//.test(image.ref)`', callee);
      }
      const regex = compileSafeRegex(regexNode.regex.pattern, regexNode.regex.flags);
      if ('error' in regex) throw new Rejection(regex.error, regexNode);
      return { expr: { k: 'regexTest', regex, arg: sub(arg).expr }, type: bool };
    }
    const search = STRING_METHODS.find((m) => m === name);
    if (search) {
      const receiver = sub(callee.object);
      const kinds = search === 'includes' ? ['string', 'list'] : ['string'];
      this.expectKind(receiver.type, kinds, search, callee.object);
      if (arg.type === 'ArrowFunctionExpression') throw new Rejection(`\`${search}\` takes a value, not a function`, arg);
      return { expr: { k: 'search', method: search, receiver: receiver.expr, arg: sub(arg).expr }, type: bool };
    }
    const iterator = ITERATORS.find((m) => m === name);
    if (iterator) {
      const receiver = sub(callee.object);
      this.expectKind(receiver.type, ['list'], iterator, callee.object);
      if (arg.type !== 'ArrowFunctionExpression') {
        throw new Rejection(`\`${iterator}\` takes an arrow function, e.g. \`${iterator}(m => m.readOnly)\``, arg);
      }
      const params = arrowParams(arg);
      const itemType = receiver.type && unwrap(receiver.type).kind === 'list' ? (unwrap(receiver.type) as { of: FieldType }).of : undefined;
      const inner = new Map(scope);
      params.forEach((p, i) => inner.set(p, i === 0 ? itemType : num));
      const body = sub(arg.body, inner);
      const type = iterator === 'filter' ? receiver.type : iterator === 'map' ? list(body.type ?? str) : bool;
      return { expr: { k: 'iterate', method: iterator, receiver: receiver.expr, params, body: body.expr }, type };
    }
    const verdict = typeof name === 'string' && isForbidden(name) ? `\`${name}\` is not allowed` : `\`.${String(name)}()\` is not allowed`;
    throw new Rejection(`${verdict}; only the methods ${ALLOWED_METHODS} can be called`, callee.property);
  }

  /** Refuses a method on a value whose type is known not to have it (`capAdd.startsWith`). */
  private expectKind(type: Static, kinds: string[], method: string, node: TSESTree.Node): void {
    if (type === undefined) return;
    const kind = unwrap(type).kind;
    if (!kinds.includes(kind)) {
      throw new Rejection(`\`${this.text(node)}\` is a ${kind}; \`${method}\` works on a ${kinds.join(' or ')}`, node);
    }
  }

  /** The source of a node for messages, in parentheses unless it is a plain chain. */
  private text(node: TSESTree.Node): string {
    const text = this.source.slice(node.range[0], node.range[1]);
    const chain = ['Identifier', 'MemberExpression', 'CallExpression', 'ChainExpression'].includes(node.type);
    return chain ? text : `(${text})`;
  }
}

function plusType(a: Static, b: Static): Static {
  if (a?.kind === 'string' || b?.kind === 'string') return str;
  return a?.kind === 'number' && b?.kind === 'number' ? num : undefined;
}

/** The type both branches share (`a ?? b`, `c ? a : b`), or unknown when they differ. */
function sameType(a: Static, b: Static): Static {
  return a !== undefined && b !== undefined && equalTypes(a, b) ? a : undefined;
}

function equalTypes(a: FieldType, b: FieldType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'object') return a.fields === (b as typeof a).fields;
  if (a.kind === 'nullable' || a.kind === 'list' || a.kind === 'record') return equalTypes(a.of, (b as typeof a).of);
  return true;
}

