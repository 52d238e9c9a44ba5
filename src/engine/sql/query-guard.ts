// The SQL cell's gate: exactly one query, decided from DuckDB's own tokenizer (strings, quoted names,
// comments and dollar quotes are its business, not a regex's), before any of the text runs.

/** DuckDB's tokens of a text: where each starts and its kind (duckdb-wasm's `tokenize`). */
export interface ScriptTokens {
  offsets: number[];
  types: number[];
}

/** DuckDB's token kind of operators (duckdb-wasm TokenType.OPERATOR). */
const OPERATOR = 3;

/** Statements that only read: the first word of a query (DuckDB allows FROM-first and DESCRIBE/SHOW/SUMMARIZE as queries). */
const QUERY_WORDS = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'PIVOT', 'UNPIVOT', 'DESCRIBE', 'SHOW', 'SUMMARIZE', '(']);

export interface Statement {
  /** The statement's text, without its semicolon. */
  text: string;
  /** Where it starts in the whole text. */
  start: number;
  /** Its first word, upper case ('(' for a parenthesised query). */
  word: string;
}

export type GateResult =
  | { ok: true; statement: string }
  | { ok: false; refusal: Refusal };

/** Why a text is not run, as data: the page says it in the user's language. */
export type Refusal =
  | { kind: 'empty' }
  /** `statements` > 1; `index` (1-based) and `word` name the first statement that is not a query, if any. */
  | { kind: 'many'; statements: number; index: number | null; word: string | null }
  | { kind: 'not-a-query'; word: string };

function firstWord(text: string, at: number, type: number): string {
  if (type === OPERATOR) return text[at];
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at, at + 64));
  return (m ? m[0] : text.slice(at, at + 16)).toUpperCase();
}

/** The text cut into statements at DuckDB's `;` tokens (empty statements between semicolons dropped). */
export function statementsOf(text: string, tokens: ScriptTokens): Statement[] {
  const out: Statement[] = [];
  let first = -1;
  let start = 0;
  const close = (end: number) => {
    if (first >= 0) out.push({ text: text.slice(start, end), start, word: firstWord(text, tokens.offsets[first], tokens.types[first]) });
    first = -1;
    start = end + 1;
  };
  for (let i = 0; i < tokens.offsets.length; i++) {
    const at = tokens.offsets[i];
    if (tokens.types[i] === OPERATOR && text[at] === ';') close(at);
    else if (first < 0) first = i;
  }
  close(text.length);
  return out;
}

export const isQueryWord = (word: string) => QUERY_WORDS.has(word);

/** One read-only query, or the reason it is not. */
export function gateQuery(text: string, tokens: ScriptTokens): GateResult {
  const statements = statementsOf(text, tokens);
  if (statements.length === 0) return { ok: false, refusal: { kind: 'empty' } };
  if (statements.length > 1) {
    const bad = statements.findIndex((s) => !isQueryWord(s.word));
    return { ok: false, refusal: { kind: 'many', statements: statements.length, index: bad < 0 ? null : bad + 1, word: bad < 0 ? null : statements[bad].word } };
  }
  const [only] = statements;
  if (!isQueryWord(only.word)) return { ok: false, refusal: { kind: 'not-a-query', word: only.word } };
  // Lines before it stay lines, so DuckDB's error positions point into the text as the user sees it.
  return { ok: true, statement: text.slice(0, only.start).replace(/[^\n]/g, '') + only.text };
}
