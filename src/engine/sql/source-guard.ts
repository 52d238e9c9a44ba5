// No egress from generated ClickHouse SQL (issue 17, docs/scale.md "No egress"): a statement may read files
// only under the directories its run reads (the raw tables' Parquet, the bulk loads), and never names a
// table function or table engine that reaches another machine. The engine refuses the network sources on
// its own (the session's grants, src/node/chdb.ts); ClickHouse cannot restrict `file()` to a directory
// (a path-limited FILE grant never matches in chdb 3.4), so that is checked here, on the text, before the
// statement is sent. String literals and comments are skipped: a label or a file name the user wrote can
// never look like a call. Whatever this scanner reads differently from ClickHouse (a \`#\` comment, a
// heredoc) it reads as code, so a doubt refuses rather than lets through.

/**
 * Table functions and table engines that reach another machine (or run a program), lower case. The grants
 * refuse them too; a name here is refused before ClickHouse sees the statement.
 */
const NETWORK = new Set([
  'url', 'urlcluster', 'remote', 'remotesecure', 'cluster', 'clusterallreplicas', 's3', 's3cluster', 'gcs', 'oss', 'cosn',
  'hdfs', 'hdfscluster', 'mysql', 'postgresql', 'jdbc', 'odbc', 'mongodb', 'redis', 'sqlite', 'azureblobstorage',
  'azureblobstoragecluster', 'iceberg', 'icebergs3', 'icebergazure', 'iceberghdfs', 'icebergcluster', 'icebergs3cluster',
  'icebergazurecluster', 'iceberghdfscluster', 'deltalake', 'deltalakes3', 'deltalakeazure', 'deltalakecluster', 'hudi',
  'hudicluster', 'paimon', 'paimons3', 'paimonazure', 'paimonhdfs', 'executable', 'executablepool', 'filecluster',
  'arrowflight', 'ytsaurus', 'kafka', 'rabbitmq', 'nats', 'distributed', 'externaldistributed', 'materializedpostgresql',
  'materializedmysql', 'dictionary', 'input',
]);

/** A file path is readable when it lies under one of these directories (each ending in `/`) with no `..` and no glob. */
function readablePath(path: string, readable: readonly string[]): boolean {
  return readable.some((dir) => path.startsWith(dir)) && !/(^|\/)\.\.(\/|$)/.test(path) && !/[*?{}[\]]/.test(path);
}

type Token = { kind: 'name' | 'string' | 'other'; text: string };

/** ClickHouse's tokens as far as this check needs them: names, string literals (unescaped), anything else. */
function* tokens(sql: string): Generator<Token> {
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) { i++; continue; }
    if (sql.startsWith('--', i)) { const e = sql.indexOf('\n', i); i = e < 0 ? sql.length : e + 1; continue; }
    if (sql.startsWith('/*', i)) { const e = sql.indexOf('*/', i + 2); i = e < 0 ? sql.length : e + 2; continue; }
    if (c === "'" || c === '"' || c === '`') {
      // A quoted string or name: backslash escapes and doubled quotes (ClickHouse takes both).
      let text = '';
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (sql[j] === '\\' && j + 1 < sql.length) { text += sql[++j]; continue; }
        if (sql[j] === c) {
          if (sql[j + 1] === c) { text += c; j++; continue; }
          break;
        }
        text += sql[j];
      }
      // A quoted name can be called too (\`url\`(…)): it counts as a name.
      yield { kind: c === "'" ? 'string' : 'name', text };
      i = j + 1;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i, i + 200));
    if (name) { yield { kind: 'name', text: name[0] }; i += name[0].length; continue; }
    yield { kind: 'other', text: c };
    i++;
  }
}

/**
 * Why this statement may not be sent, or null: a network source named as a call (`url(…)`, `ENGINE =
 * S3(…)`), or `file(…)` whose first argument is not a literal path under `readable`.
 */
export function sourceRefusal(sql: string, readable: readonly string[]): string | null {
  const t = [...tokens(sql)];
  for (let i = 0; i + 1 < t.length; i++) {
    if (t[i].kind !== 'name' || t[i + 1].text !== '(') continue;
    const name = t[i].text.toLowerCase();
    if (NETWORK.has(name)) return `${t[i].text}(): not a source this run reads (docs/scale.md, No egress)`;
    if (name === 'file') {
      const path = t[i + 2];
      if (path?.kind !== 'string' || !readablePath(path.text, readable)) return `file(${path?.kind === 'string' ? `'${path.text}'` : '…'}): not a file this run reads (docs/scale.md, No egress)`;
    }
  }
  return null;
}
