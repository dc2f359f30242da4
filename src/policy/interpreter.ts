/**
 * Running a compiled custom-rule expression over a plain-data view. Nothing is `eval`ed and
 * no property of a value is ever called: properties are read as own data properties only (no
 * prototype chain, no getters), methods come from this module's own table, and operators
 * convert lists and objects to text here rather than through JavaScript's `toString` hooks.
 *
 * Every node visit and every callback invocation costs a step, work that grows with the size
 * of a string or list costs proportionally, and strings are capped in length, so an allowed
 * but expensive expression stops with `ExpressionBudgetError` instead of stalling the scan.
 *
 * Reading a property of `null` or `undefined`, or calling a method on them, gives `undefined`
 * as `?.` would: `image.registry !== 'x'` does not fail on a container without an image.
 */
import type { CompiledExpression, Expr } from './expression-ir.js';

export const DEFAULT_MAX_STEPS = 10_000;
export const MAX_STRING_LENGTH = 100_000;

/** The expression did something the data does not support, e.g. `startsWith` on a list. */
export class ExpressionRuntimeError extends Error {
  override name = 'ExpressionRuntimeError';
}

/** The expression ran out of steps or built a string over `MAX_STRING_LENGTH`. */
export class ExpressionBudgetError extends ExpressionRuntimeError {
  override name = 'ExpressionBudgetError';
}

export interface EvaluateOptions {
  maxSteps?: number;
}

// Captured once, so the interpreter does not look methods up on the values it is given.
const stringIncludes = String.prototype.includes;
const stringStartsWith = String.prototype.startsWith;
const stringEndsWith = String.prototype.endsWith;

/** Reads an own data property of a string, list or plain object; anything else is undefined. */
export function readOwn(value: unknown, key: string | number): unknown {
  if (typeof value === 'string') {
    if (key === 'length') return value.length;
    return typeof key === 'number' && key < value.length ? value.charAt(key) : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    if (key === 'length') return value.length;
    if (typeof key !== 'number') return undefined;
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return undefined;
  }
  const descriptor = Object.getOwnPropertyDescriptor(value, key);
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

interface Frame {
  name: string;
  value: unknown;
  parent: Frame | undefined;
}

export function evaluate(compiled: CompiledExpression, view: object, options: EvaluateOptions = {}): unknown {
  return new Evaluation(view, options.maxSteps ?? DEFAULT_MAX_STEPS).run(compiled.root, undefined);
}

class Evaluation {
  private remaining: number;

  constructor(
    private readonly view: object,
    private readonly maxSteps: number,
  ) {
    this.remaining = maxSteps;
  }

  private charge(steps: number): void {
    this.remaining -= steps;
    if (this.remaining < 0) throw new ExpressionBudgetError(`the expression needs more than ${this.maxSteps} steps`);
  }

  private checkLength(length: number): void {
    if (length > MAX_STRING_LENGTH) {
      throw new ExpressionBudgetError(`the expression built a string longer than ${MAX_STRING_LENGTH} characters`);
    }
    this.charge(Math.floor(length / 1000));
  }

  run(e: Expr, env: Frame | undefined): unknown {
    this.charge(1);
    switch (e.k) {
      case 'literal':
        return e.value;
      case 'field':
        return readOwn(this.view, e.name);
      case 'param': {
        let frame = env;
        while (frame && frame.name !== e.name) frame = frame.parent;
        return frame?.value;
      }
      case 'template': {
        let out = e.quasis[0] ?? '';
        e.exprs.forEach((x, i) => {
          out += this.text(this.run(x, env)) + (e.quasis[i + 1] ?? '');
          this.checkLength(out.length);
        });
        return out;
      }
      case 'array':
        return e.items.map((item) => this.run(item, env));
      case 'member':
        return readOwn(this.run(e.object, env), e.key);
      case 'unary': {
        const v = this.run(e.arg, env);
        if (e.op === '!') return !v;
        if (e.op === 'typeof') return v === null ? 'object' : typeof v;
        const p = this.primitive(v);
        return e.op === '-' ? -(p as number) : +(p as number);
      }
      case 'binary':
        return this.binary(e.op, this.run(e.left, env), this.run(e.right, env));
      case 'logical': {
        const left = this.run(e.left, env);
        if (e.op === '&&') return left ? this.run(e.right, env) : left;
        if (e.op === '||') return left ? left : this.run(e.right, env);
        return left ?? this.run(e.right, env);
      }
      case 'conditional':
        return this.run(e.test, env) ? this.run(e.then, env) : this.run(e.otherwise, env);
      case 'search':
        return this.search(e.method, this.run(e.receiver, env), this.run(e.arg, env));
      case 'iterate':
        return this.iterate(e, this.run(e.receiver, env), env);
      case 'regexTest': {
        const input = this.text(this.run(e.arg, env));
        this.charge(e.regex.cost(input.length));
        return e.regex.test(input);
      }
    }
  }

  private binary(op: string, a: unknown, b: unknown): unknown {
    switch (op) {
      case '===':
        return a === b;
      case '!==':
        return a !== b;
      case '==':
        return this.looseEquals(a, b);
      case '!=':
        return !this.looseEquals(a, b);
    }
    // Operands are primitives from here on, so JavaScript's operators run no user code.
    const x = this.primitive(a) as number;
    const y = this.primitive(b) as number;
    switch (op) {
      case '<':
        return x < y;
      case '<=':
        return x <= y;
      case '>':
        return x > y;
      case '>=':
        return x >= y;
      case '+': {
        const sum: unknown = x + y;
        if (typeof sum === 'string') this.checkLength(sum.length);
        return sum;
      }
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        return x / y;
      default:
        return x % y;
    }
  }

  /** `==` as JavaScript defines it, with lists and objects converted by `primitive`. */
  private looseEquals(a: unknown, b: unknown): boolean {
    if (a === null || a === undefined || b === null || b === undefined) return a == b;
    const aObject = typeof a === 'object';
    const bObject = typeof b === 'object';
    if (aObject && bObject) return a === b;
    return (this.primitive(a) as string) == (this.primitive(b) as string);
  }

  /** JavaScript's ToPrimitive for plain data: a list or object becomes its text. */
  private primitive(v: unknown): unknown {
    return v !== null && typeof v === 'object' ? this.text(v) : v;
  }

  /** JavaScript's String() for plain data (`[1,2]` → `1,2`), charged per item and capped. */
  private text(v: unknown): string {
    if (Array.isArray(v)) {
      this.charge(v.length);
      let out = '';
      for (let i = 0; i < v.length; i++) {
        const item = readOwn(v, i);
        out += (i > 0 ? ',' : '') + (item === null || item === undefined ? '' : this.text(item));
        this.checkLength(out.length);
      }
      return out;
    }
    if (v !== null && typeof v === 'object') return '[object Object]';
    return String(v);
  }

  private search(method: string, receiver: unknown, arg: unknown): unknown {
    if (receiver === null || receiver === undefined) return undefined;
    if (typeof receiver === 'string') {
      this.charge(Math.floor(receiver.length / 1000));
      const needle = this.text(arg);
      const impl = method === 'includes' ? stringIncludes : method === 'startsWith' ? stringStartsWith : stringEndsWith;
      return impl.call(receiver, needle);
    }
    if (method === 'includes' && Array.isArray(receiver)) {
      this.charge(Math.floor(receiver.length / 10));
      // SameValueZero, as Array#includes compares (NaN finds NaN).
      for (let i = 0; i < receiver.length; i++) {
        const item = readOwn(receiver, i);
        if (item === arg || (Number.isNaN(item) && Number.isNaN(arg))) return true;
      }
      return false;
    }
    const wanted = method === 'includes' ? 'a string or a list' : 'a string';
    throw new ExpressionRuntimeError(`\`${method}\` needs ${wanted}, not ${describe(receiver)}`);
  }

  private iterate(e: Extract<Expr, { k: 'iterate' }>, receiver: unknown, env: Frame | undefined): unknown {
    if (receiver === null || receiver === undefined) return undefined;
    if (!Array.isArray(receiver)) throw new ExpressionRuntimeError(`\`${e.method}\` needs a list, not ${describe(receiver)}`);
    const items: readonly unknown[] = receiver;
    const out: unknown[] = [];
    const [itemName, indexName] = e.params;
    for (let i = 0; i < items.length; i++) {
      this.charge(1);
      const item = readOwn(items, i);
      let frame: Frame = { name: itemName!, value: item, parent: env };
      if (indexName !== undefined) frame = { name: indexName, value: i, parent: frame };
      const result = this.run(e.body, frame);
      if (e.method === 'some' && result) return true;
      if (e.method === 'every' && !result) return false;
      if (e.method === 'filter' && result) out.push(item);
      if (e.method === 'map') out.push(result);
    }
    if (e.method === 'some') return false;
    if (e.method === 'every') return true;
    return out;
  }
}

function describe(v: unknown): string {
  return Array.isArray(v) ? 'a list' : v !== null && typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
