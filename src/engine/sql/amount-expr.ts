// Amount expressions (`Quantity * UnitPrice`, `paid - refund`) are parsed into a tree, never pasted.
// Grammar: expr := term (('+'|'-') term)* ; term := unary (('*'|'/') unary)* ;
//          unary := '-' unary | atom ; atom := number | column | '(' expr ')'
// Columns: bare words (letters, digits, _, any non-ASCII) or "quoted" / `quoted` names.

export type AmountExpr =
  | { kind: 'num'; text: string }
  | { kind: 'col'; name: string }
  | { kind: 'neg'; arg: AmountExpr }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: AmountExpr; right: AmountExpr };

export class ExprError extends Error {
  constructor(message: string, readonly position: number) {
    super(message);
  }
}

/**
 * An expression refused for its size, not its syntax: typed or opened from a notebook, it is refused
 * before any SQL is built (a column name with odd characters is a syntax error, never this).
 */
export class ExprLimitError extends ExprError {}

/** At most this many characters: far above any real expression, far below what could hurt. */
export const MAX_EXPR_CHARS = 2_000;
/**
 * At most this many operations nested in one another (parentheses, unary minus, and each operator of a
 * chain such as `a + b + c`, which nests left to right). Bounds the parser's recursion and the SQL's
 * nesting (DuckDB refuses expressions nested past 1,000 levels).
 */
export const MAX_EXPR_DEPTH = 100;

type Token = { t: 'num' | 'col' | 'op'; v: string; at: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) { i++; continue; }
    if ('+-*/()'.includes(ch)) { out.push({ t: 'op', v: ch, at: i }); i++; continue; }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) { out.push({ t: 'num', v: num[0], at: i }); i += num[0].length; continue; }
    if (ch === '"' || ch === '`') {
      const end = src.indexOf(ch, i + 1);
      if (end < 0) throw new ExprError(`unclosed ${ch} quote`, i);
      if (end === i + 1) throw new ExprError('empty column name', i);
      out.push({ t: 'col', v: src.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const word = /^[A-Za-z_\u0080-\uFFFF][\w\u0080-\uFFFF]*/u.exec(src.slice(i));
    if (word) { out.push({ t: 'col', v: word[0], at: i }); i += word[0].length; continue; }
    throw new ExprError(`unexpected character '${ch}'`, i);
  }
  return out;
}

export function parseAmountExpr(src: string): AmountExpr {
  if (src.length > MAX_EXPR_CHARS) throw new ExprLimitError(`is too long (${src.length} characters; at most ${MAX_EXPR_CHARS})`, MAX_EXPR_CHARS);
  const tokens = tokenize(src);
  let k = 0;
  const peek = () => tokens[k];
  const fail = (msg: string): never => { throw new ExprError(msg, peek()?.at ?? src.length); };
  // Every node carries its depth; a node deeper than the limit is refused where its operator stands.
  const depth = new WeakMap<AmountExpr, number>();
  const node = (n: AmountExpr, at: number, ...children: AmountExpr[]): AmountExpr => {
    const d = 1 + Math.max(0, ...children.map((c) => depth.get(c) ?? 1));
    if (d > MAX_EXPR_DEPTH) throw new ExprLimitError(`nests too deeply (more than ${MAX_EXPR_DEPTH} levels)`, at);
    depth.set(n, d);
    return n;
  };
  // Parentheses and unary minus recurse: count them on the way down, so the parser's own stack stays small.
  let open = 0;
  const descend = <T>(at: number, f: () => T): T => {
    if (++open > MAX_EXPR_DEPTH) throw new ExprLimitError(`nests too deeply (more than ${MAX_EXPR_DEPTH} levels)`, at);
    try { return f(); } finally { open--; }
  };
  const expr = (): AmountExpr => {
    let left = term();
    while (peek()?.t === 'op' && (peek().v === '+' || peek().v === '-')) {
      const at = peek().at;
      const op = tokens[k++].v as '+' | '-';
      const right = term();
      left = node({ kind: 'bin', op, left, right }, at, left, right);
    }
    return left;
  };
  const term = (): AmountExpr => {
    let left = unary();
    while (peek()?.t === 'op' && (peek().v === '*' || peek().v === '/')) {
      const at = peek().at;
      const op = tokens[k++].v as '*' | '/';
      const right = unary();
      left = node({ kind: 'bin', op, left, right }, at, left, right);
    }
    return left;
  };
  const unary = (): AmountExpr => {
    if (peek()?.t === 'op' && peek().v === '-') {
      const at = tokens[k++].at;
      return descend(at, () => { const arg = unary(); return node({ kind: 'neg', arg }, at, arg); });
    }
    return atom();
  };
  const atom = (): AmountExpr => {
    const tok = peek();
    if (!tok) return fail('expression ends too early');
    k++;
    if (tok.t === 'num') return { kind: 'num', text: tok.v };
    if (tok.t === 'col') return { kind: 'col', name: tok.v };
    if (tok.v === '(') {
      const inner = descend(tok.at, expr);
      if (peek()?.v !== ')') fail("missing ')'");
      k++;
      return inner;
    }
    k--;
    return fail(`unexpected '${tok.v}'`);
  };
  if (tokens.length === 0) throw new ExprError('empty expression', 0);
  const tree = expr();
  if (k < tokens.length) fail(`unexpected '${peek().v}'`);
  return tree;
}

/**
 * The size limit an expression breaks, named with its position; null within the limits. Syntax is not
 * judged here: a text that does not parse may still be a column's name (a saved mapping has no columns).
 */
export function exprLimitIssue(src: string): string | null {
  try {
    parseAmountExpr(src);
  } catch (e) {
    if (e instanceof ExprLimitError) return `${e.message} at position ${e.position + 1}`;
  }
  return null;
}

/** The expression as a message quotes it: a long one cut short, so the message stays one short line. */
export function quoteExpr(src: string, max = 60): string {
  return JSON.stringify(src.length > max ? `${src.slice(0, max)}…` : src);
}

/** An amount given as a column name that exists is that column, even with spaces or operators in it. */
export function amountFromText(text: string, columns: readonly string[]): AmountExpr {
  if (columns.includes(text)) return { kind: 'col', name: text };
  return parseAmountExpr(text);
}

export function exprColumns(e: AmountExpr): string[] {
  switch (e.kind) {
    case 'num': return [];
    case 'col': return [e.name];
    case 'neg': return exprColumns(e.arg);
    case 'bin': return [...new Set([...exprColumns(e.left), ...exprColumns(e.right)])];
  }
}
