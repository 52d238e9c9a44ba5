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
  const tokens = tokenize(src);
  let k = 0;
  const peek = () => tokens[k];
  const fail = (msg: string): never => { throw new ExprError(msg, peek()?.at ?? src.length); };
  const expr = (): AmountExpr => {
    let left = term();
    while (peek()?.t === 'op' && (peek().v === '+' || peek().v === '-')) {
      const op = tokens[k++].v as '+' | '-';
      left = { kind: 'bin', op, left, right: term() };
    }
    return left;
  };
  const term = (): AmountExpr => {
    let left = unary();
    while (peek()?.t === 'op' && (peek().v === '*' || peek().v === '/')) {
      const op = tokens[k++].v as '*' | '/';
      left = { kind: 'bin', op, left, right: unary() };
    }
    return left;
  };
  const unary = (): AmountExpr => {
    if (peek()?.t === 'op' && peek().v === '-') { k++; return { kind: 'neg', arg: unary() }; }
    return atom();
  };
  const atom = (): AmountExpr => {
    const tok = peek();
    if (!tok) return fail('expression ends too early');
    k++;
    if (tok.t === 'num') return { kind: 'num', text: tok.v };
    if (tok.t === 'col') return { kind: 'col', name: tok.v };
    if (tok.v === '(') {
      const inner = expr();
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
