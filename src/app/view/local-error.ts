// Error banners in the page's language. The engine and the command line speak English (their messages are
// the canonical text, in logs and the CLI); the page keeps that text and renders it through this table when
// the language is Chinese, so a banner follows a language switch too. A message is a chain "name: reason"
// (a file, table or field first): names stay as they are, reasons are translated phrase by phrase.
import { DICTS, type Lang } from '../i18n';

const { en, zh } = DICTS;

type Rule = [RegExp, (m: RegExpMatchArray, t: (s: string) => string) => string];

const TYPES: Record<string, string> = { number: '数字', string: '文本', boolean: '是/否', array: '列表', object: '对象', undefined: '空', null: '空', int: '整数', nan: '非数字' };
const type = (s: string) => TYPES[s] ?? s;
/** A config field: its rule name where it has one, with the path the JSON uses. */
const field = (path: string) => (zh.ruleNames[path] ? `「${zh.ruleNames[path]}」(${path})` : path);

// Banner prefixes the page adds (English in state, so they too follow the language).
const PREFIXES = (['linkRefused', 'configRefused', 'notebookRefused', 'autosaveRefused'] as const).map((k) => [en.share[k], zh.share[k]] as const);

/** What a wrongly chosen encoding makes of the text (src/engine/readers/plan.ts). */
const TEXT_FAULTS: Record<string, string> = { 'is full of control characters': '满是控制字符', 'has no line break, so no rows': '没有换行，因而没有行' };

/** Whole messages and reasons, most specific first. `t` translates a nested reason. */
const RULES: Rule[] = [
  // Config and link fields: "<path> <reason>"
  [/^must be less than ([\w.]+)$/, (m) => `必须小于 ${field(m[1])}`],
  [/^must not exceed ([\w.]+)$/, (m) => `不能大于 ${field(m[1])}`],
  [/^must be at least (-?[\d.e+]+)$/, (m) => `不能小于 ${m[1]}`],
  [/^must be at most (-?[\d.e+]+)$/, (m) => `不能大于 ${m[1]}`],
  [/^must be at most (\d+) characters$/, (m) => `最多 ${m[1]} 个字符`],
  [/^must be a share between 0 and 1 in share mode$/, () => '在占比模式下必须是 0 到 1 之间的占比'],
  [/^must be a date written YYYY-MM-DD$/, () => '必须是 YYYY-MM-DD 格式的日期'],
  [/^is not a real calendar date$/, () => '不是真实存在的日期'],
  [/^must be in ascending order$/, () => '必须按升序排列'],
  [/^must be in ascending order, each edge once$/, () => '必须按升序排列，每个分界值只出现一次'],
  [/^must be \[lo, hi\] with lo <= hi$/, () => '必须是 [下限, 上限]，且下限不大于上限'],
  [/^must be a snake_case key .*$/, () => '必须是 snake_case 键（a-z、0-9、_，最多 40 个字符）'],
  [/^is reserved \(prospect and other are built in\)$/, () => '是保留名（prospect 和 other 为内置分群）'],
  [/^has a repeated segment name$/, () => '有重复的分群名'],
  [/^must be 1 \(the only config version this build reads\)$/, () => '必须为 1（本版本只读取这一配置版本）'],
  [/^has unknown key\(s\): (.*)$/, (m) => `含有未知的键：${m[1]}`],
  [/^must be a strategy id .*$/, () => '必须是策略编号（a-z、0-9、_ 和至多一个点；最多 71 个字符）'],
  [/^must list at most (\d+) actions$/, (m) => `最多列出 ${m[1]} 条行动`],
  [/^must have a title in English or Chinese$/, () => '必须有中文或英文标题'],
  [/^is a reserved name \((.*) cannot be keys\)$/, (m) => `是保留名（${m[1]} 不能作为键）`],
  [/^must assign at most (\d+) cells$/, (m) => `最多指定 ${m[1]} 个单元`],
  [/^must hold at most (\d+) (strategies|edges)$/, (m) => `最多 ${m[1]} 个${m[2] === 'edges' ? '分界值' : '策略'}`],
  [/^must be a list of numbers$/, () => '必须是数字列表'],
  [/^must be a (whole )?number$/, (m) => (m[1] ? '必须是整数' : '必须是数字')],
  [/^is invalid: expected (\w+), received (\w+)$/, (m) => `无效：应为${type(m[1])}，实际为${type(m[2])}`],
  [/^is invalid: (?:Too (big|small): )?expected (\w+) to (?:be|have) ([<>]=?)\s*(\S+)(.*)$/, (m) => `无效：应${m[3].startsWith('<') ? '不大于' : '不小于'} ${m[4]}${m[5] ? `${m[5].replace(/ items?/, ' 项').replace(/ characters?/, ' 个字符')}` : ''}`],
  [/^is invalid: expected one of (.*)$/, (m) => `无效：应为以下之一：${m[1]}`],
  [/^is invalid: (.*)$/, (m) => `无效：${m[1]}`],
  // Links and notebooks
  [/^link is too long \((\d+) characters; at most (\d+)\)$/, (m) => `链接过长（${m[1]} 个字符，最多 ${m[2]}）`],
  [/^link is not a Tierbook config link \(it should start with (#\w+\.)\)$/, (m) => `这不是 Tierbook 配置链接（应以 ${m[1]} 开头）`],
  [/^link version (\w+) is not one this build reads \(it reads (.*)\)$/, (m) => `本版本不读取链接版本 ${m[1]}（可读取 ${m[2].replace(' and ', ' 和 ')}）`],
  [/^link has characters a config link never contains.*$/, () => '链接含有配置链接中不会出现的字符（可能被截断或改动）'],
  [/^link is not valid base64url.*$/, () => '链接不是有效的 base64url（可能被截断）'],
  [/^link does not hold a JSON document.*$/, () => '链接中没有 JSON 文档（可能被截断或改动）'],
  [/^link is truncated or corrupted.*$/, () => '链接被截断或已损坏（无法解压）'],
  [/^link expands past (\d+) KiB \(refused\)$/, (m) => `链接解压后超过 ${m[1]} KiB（已拒绝）`],
  [/^(notebook file|the autosaved notebook|the file) is not JSON$/, (m) => `${m[1] === 'notebook file' ? '笔记本文件' : m[1] === 'the file' ? '文件' : '自动保存的笔记本'}不是 JSON`],
  // Reading files
  [/^the file is empty$/, () => '文件是空的'],
  [/^the file has no rows$/, () => '文件没有数据行'],
  [/^only a header row, no data$/, () => '只有表头，没有数据'],
  [/^no such file$/, () => '文件不存在'],
  [/^no columns could be read$/, () => '读不出任何列'],
  [/^not a text, Excel \(\.xlsx\) or Parquet file$/, () => '不是文本、Excel (.xlsx) 或 Parquet 文件'],
  [/^not a readable gzip file$/, () => '不是可读的 gzip 文件'],
  [/^the gzip file is cut short: .*after ([\d,]+) compressed bytes read$/, (m) => `gzip 文件不完整：压缩流在结尾之前中断（已读 ${m[1]} 压缩字节）`],
  [/^the gzip file is cut short or damaged: .*after ([\d,]+) compressed bytes read$/, (m) => `gzip 文件不完整或已损坏：压缩流结束处缺少匹配的校验（CRC-32 与长度），已读 ${m[1]} 压缩字节`],
  [/^the gzip data is damaged \((.*)\) within the first ([\d,]+) compressed bytes read$/, (m) => `gzip 数据已损坏（${m[1]}），在前 ${m[2]} 压缩字节内`],
  [/^data that is not gzip follows the end of the compressed stream.*$/, () => '压缩流结束后还有非 gzip 数据'],
  [/^the workbook has no sheets$/, () => '工作簿中没有工作表'],
  [/^sheet "(.*)" is empty$/, (m) => `工作表「${m[1]}」是空的`],
  [/^no sheet "(.*)" \(sheets: (.*)\)$/, (m) => `没有名为「${m[1]}」的工作表（现有：${m[2]}）`],
  [/^line 1, the header, holds a NUL byte$/, () => '第 1 行（表头）含有 NUL 字节'],
  [/^line 1 is longer than the first (\d+) KiB read.*$/, (m) => `第 1 行超出了用于识别文件格式的前 ${m[1]} KiB（其中没有换行）：可能是有数千列的表头，或者不是表格`],
  [/^cannot be read as an Excel workbook \(not a valid zip archive: (.*)\)$/, (m) => `无法作为 Excel 工作簿读取（不是有效的 zip 压缩包：${m[1]}）`],
  [/^cannot be read as an Excel workbook \((.*)\)$/, (m) => `无法作为 Excel 工作簿读取（${m[1]}）`],
  [/^cannot be read as Parquet \((.*)\)$/, (m) => `无法作为 Parquet 读取（${m[1]}）`],
  [/^cannot be read as (orders|customers|feedback|interactions) \((.*)\)$/, (m) => `无法作为${zh.tables[m[1]]}表读取（${m[2]}）`],
  [/^a zip archive that is not an \.xlsx workbook; unzip it first$/, () => '这是 zip 压缩包而不是 .xlsx 工作簿：请先解压'],
  [/^(.*); refused as a possible zip bomb$/, (m, t) => `${t(m[1])}；疑似 zip 炸弹，已拒绝`],
  [/^the workbook part "(.*)" expands to (.*) \(at most (.*) per part\)$/, (m) => `工作簿部件「${m[1]}」解压后为 ${m[2]}（每个部件最多 ${m[3]}）`],
  [/^the workbook part "(.*)" expands (\d+) times its compressed size \(at most (\d+) times\)$/, (m) => `工作簿部件「${m[1]}」解压后是压缩大小的 ${m[2]} 倍（最多 ${m[3]} 倍）`],
  [/^the workbook's parts expand to more than (.*) together$/, (m) => `工作簿各部件解压后合计超过 ${m[1]}`],
  [/^read as ([\w-]+) the text (.*); its bytes look like ([\w-]+): choose that encoding$/, (m) => `按 ${m[1]} 读取时，文本${TEXT_FAULTS[m[2]] ?? m[2]}；其字节看起来是 ${m[3]}：请选择该编码`],
  [/^more than ([\d,]+) rows cannot be read \(the last on line ([\d,]+): (\w+)\); is it the right file and delimiter\?$/, (m) => `超过 ${m[1]} 行无法读取（最后一行在第 ${m[2]} 行：${zh.reasons[m[3]] ?? m[3]}）；文件和分隔符是否正确？`],
  [/^the quote opened on line (\d+) is never closed: the rest of the file would be one cell$/, (m) => `第 ${m[1]} 行开始的引号没有闭合：文件其余部分会成为一个单元格`],
  [/^larger than 5 MB, not a config or notebook$/, () => '大于 5 MB，不是配置或笔记本文件'],
  [/^cannot be fetched \((\d+)\)$/, (m) => `无法读取（${m[1]}）`],
  // Mapping
  [/^no column mapped to the required role (.*)$/, (m) => `必需的角色 ${m[1]} 没有对应的列`],
  [/^column "(.*)" \(mapped to ([\w.]+)\) is not in the file$/, (m) => `文件中没有列「${m[1]}」（对应 ${m[2]}）`],
  [/^amount expression (.*) names unknown column (.*)$/, (m) => `金额表达式 ${m[1]} 引用了不存在的列 ${m[2]}`],
  [/^amount expression (.*?): (.*) at position (\d+)$/, (m, t) => `金额表达式 ${m[1]}：第 ${m[3]} 个字符处${t(m[2])}`],
  [/^unclosed (.) quote$/, (m) => `${m[1]} 引号没有闭合`],
  [/^empty column name$/, () => '列名为空'],
  [/^empty expression$/, () => '表达式为空'],
  [/^unexpected character '(.*)'$/, (m) => `意外的字符「${m[1]}」`],
  [/^dates in "(.*)" read both as day\/month and month\/day; choose the date format$/, (m) => `「${m[1]}」中的日期既可按日/月也可按月/日读取：请选择日期格式`],
  // The engine
  [/^no data is loaded yet$/, () => '尚未载入数据'],
  [/^no orders table was given$/, () => '没有提供订单表'],
  [/^no dimension named "(.*)"$/, (m) => `没有名为「${m[1]}」的维度`],
  [/^no (\w+) table is loaded$/, (m) => `没有载入${zh.tables[m[1]] ?? m[1]}表`],
  // Keeping data in the browser
  [/^this browser offers no private storage.*$/, () => '此浏览器不提供私有存储：重新载入页面后需要再次选择数据'],
  [/^not enough browser storage to keep the data \((.*) needed, (.*) free\).*$/, (m) => `浏览器存储空间不足，无法保留数据（需要 ${m[1]}，剩余 ${m[2]}）：重新载入页面后需要再次选择数据`],
  [/^browser storage is full.*$/, () => '浏览器存储已满：重新载入页面后需要再次选择数据'],
  [/^storage is full: the notebook could not be autosaved \(save it as a file\)$/, () => '存储已满：笔记本无法自动保存（请另存为文件）'],
  [/^the notebook could not be autosaved: (.*)$/, (m) => `笔记本无法自动保存：${m[1]}`],
  [/^the data could not be kept in the browser: (.*)$/, (m) => `无法在浏览器中保留数据：${m[1]}`],
  // Last: "<config field> <reason>" (a field is a lower-case word or a dotted path).
  [/^([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_]+)*) (must|is|has|plus) (.*)$/, (m, t) => `${field(m[1])} ${t(`${m[2]} ${m[3]}`)}`],
];

/** Whole messages the page itself writes from its dictionary. */
const WHOLE = new Map<string, string>([[en.app.loadCancelled, zh.app.loadCancelled]]);

function translate(text: string): string {
  const whole = WHOLE.get(text);
  if (whole) return whole;
  for (const [en, zhText] of PREFIXES) if (text.startsWith(`${en}: `)) return `${zhText}：${translate(text.slice(en.length + 2))}`;
  for (const [re, to] of RULES) {
    const m = text.match(re);
    if (m) return to(m, translate);
  }
  // "name: reason": a file, table, line or field named first.
  const i = text.indexOf(': ');
  if (i > 0) return `${text.slice(0, i)}：${translate(text.slice(i + 2))}`;
  return text;
}

/** The message as the page shows it in `lang`. */
export function localError(lang: Lang, text: string): string {
  return lang === 'zh' ? translate(text) : text;
}
