/**
 * The compiled form of a custom-rule expression. The compiler turns an allowed TypeScript
 * syntax tree into these nodes and nothing else; the interpreter only knows these nodes, so a
 * construct the compiler did not translate has no way to run.
 */
import type { PolicyTarget } from './model-view.js';
import type { SafeRegex } from './safe-regex.js';

export const STRING_METHODS = ['includes', 'startsWith', 'endsWith'] as const;
export const ITERATORS = ['some', 'every', 'filter', 'map'] as const;
export const BINARY_OPERATORS = ['===', '!==', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%'] as const;

export type SearchMethod = (typeof STRING_METHODS)[number];
export type Iterator = (typeof ITERATORS)[number];
export type BinaryOperator = (typeof BINARY_OPERATORS)[number];

export type Expr =
  | { k: 'literal'; value: string | number | boolean | null | undefined }
  /** A top-level field of the view. */
  | { k: 'field'; name: string }
  /** A parameter of an enclosing arrow function. */
  | { k: 'param'; name: string }
  | { k: 'template'; quasis: readonly string[]; exprs: readonly Expr[] }
  | { k: 'array'; items: readonly Expr[] }
  /** `a.b`, `a?.b`, `a[0]`, `a['max-size']`: own data properties only. */
  | { k: 'member'; object: Expr; key: string | number }
  | { k: 'unary'; op: '!' | '-' | '+' | 'typeof'; arg: Expr }
  | { k: 'binary'; op: BinaryOperator; left: Expr; right: Expr }
  | { k: 'logical'; op: '&&' | '||' | '??'; left: Expr; right: Expr }
  | { k: 'conditional'; test: Expr; then: Expr; otherwise: Expr }
  | { k: 'search'; method: SearchMethod; receiver: Expr; arg: Expr }
  | { k: 'iterate'; method: Iterator; receiver: Expr; params: readonly string[]; body: Expr }
  | { k: 'regexTest'; regex: SafeRegex; arg: Expr };

export interface CompiledExpression {
  readonly kind: 'expression';
  readonly source: string;
  readonly target: PolicyTarget;
  readonly root: Expr;
}

export interface ExpressionError {
  readonly kind: 'error';
  /** One line naming what is wrong and where, e.g. "`new` is not allowed (column 1)". */
  readonly message: string;
  /** 1-based position inside the expression text. */
  readonly line: number;
  readonly column: number;
}

export function isExpressionError(x: CompiledExpression | ExpressionError): x is ExpressionError {
  return x.kind === 'error';
}
