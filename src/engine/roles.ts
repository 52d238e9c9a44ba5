// Guessing which column plays which SPEC role from header names, in English and Chinese. A guess is
// only applied when exactly one column matches a role; otherwise the candidates are shown and asked.
import { ROLES, TABLES, type RoleOf, type TableName } from './mapping';

/** Header names per role, normalised (lower case, no blanks, dashes or underscores). Exact names first. */
const SYNONYMS: Record<string, string[]> = {
  customer_id: ['customerid', 'customer', 'custid', 'clientid', 'memberid', 'userid', 'buyerid', 'accountid', 'customerno', 'customernumber', 'memberno',
    '客户id', '客户编号', '客户号', '客户代码', '会员id', '会员编号', '会员号', '会员卡号', '用户id', '用户编号', '买家id', '顾客id', '顾客编号'],
  order_date: ['orderdate', 'invoicedate', 'purchasedate', 'transactiondate', 'saledate', 'orderdatetime', 'ordertime', 'date',
    '订单日期', '下单时间', '下单日期', '购买日期', '交易日期', '交易时间', '成交日期', '销售日期', '日期', '订单时间', '付款时间', '支付时间'],
  amount: ['amount', 'total', 'revenue', 'sales', 'ordertotal', 'totalamount', 'orderamount', 'paid', 'paidamount', 'value', 'netamount',
    '金额', '实付金额', '订单金额', '支付金额', '实收金额', '成交金额', '销售额', '消费金额', '付款金额', '总金额', '应付金额', '销售金额'],
  order_id: ['orderid', 'orderno', 'ordernumber', 'invoiceno', 'invoice', 'invoiceid', 'transactionid', 'receiptno', '订单号', '订单编号', '订单id', '单号', '交易号', '流水号', '发票号'],
  cost: ['cost', 'costamount', 'cogs', '成本', '成本金额', '进价'],
  category: ['category', 'productcategory', 'productline', 'department', '品类', '类别', '商品类别', '产品类别', '商品分类', '分类', '类目'],
  channel: ['channel', 'saleschannel', 'source', 'platform', 'store', '渠道', '销售渠道', '来源', '平台', '门店'],
  signup_date: ['signupdate', 'registrationdate', 'registerdate', 'joindate', 'joined', 'createdat', '注册日期', '注册时间', '入会日期', '开卡日期', '加入日期'],
  referred_by: ['referredby', 'referrer', 'referrerid', '推荐人', '推荐人id', '介绍人'],
  referrals: ['referrals', 'referralcount', 'referred', 'invites', '推荐数', '推荐人数', '推荐次数', '推荐', '邀请人数'],
  response_date: ['responsedate', 'surveydate', 'answerdate', 'submittedat', 'feedbackdate', '回复日期', '调查日期', '反馈日期', '填写日期', '提交时间'],
  csat: ['csat', 'satisfaction', 'satisfactionscore', 'rating', 'score', '满意度', '满意度评分', '评分', '满意'],
  nps: ['nps', 'npsscore', 'recommend', 'likelihoodtorecommend', 'recommendscore', '推荐意愿', '推荐度', '推荐分', '净推荐值', 'nps评分'],
  interaction_date: ['interactiondate', 'contactdate', 'eventdate', 'visitdate', 'touchdate', 'timestamp', '互动日期', '联系日期', '接触日期', '访问日期', '时间'],
  kind: ['kind', 'type', 'interactiontype', 'eventtype', 'contacttype', 'channeltype', '类型', '互动类型', '联系类型', '事件类型'],
};

/** Other columns worth noticing: amounts split into quantity × unit price. */
export const QUANTITY = ['quantity', 'qty', 'units', '数量', '件数', '购买数量'];
export const UNIT_PRICE = ['unitprice', 'price', 'unitcost', '单价', '价格', '售价'];

export const normHeader = (s: string) => s.trim().toLowerCase().replace(/[\s_\-./()（）:：]+/g, '');

export interface RoleGuess<T extends TableName = TableName> {
  /** Roles with exactly one best-matching column. */
  roles: Partial<Record<RoleOf<T>, string>>;
  /** Roles several columns match equally well: the user chooses. */
  ambiguous: Partial<Record<RoleOf<T>, string[]>>;
  /** Orders without an amount column but with quantity and unit price: the suggested expression. */
  amountExpression?: string;
}

/** How well `column` names `role`: 3 the role's own name, 2 an exact synonym, 1 a synonym inside the name, 0 none. */
function score(role: string, column: string): number {
  const n = normHeader(column);
  if (n === role.replace(/_/g, '')) return 3;
  const syn = SYNONYMS[role] ?? [];
  if (syn.includes(n)) return 2;
  // Substring matches only for names long enough not to match by accident ("id" in "paid").
  if (syn.some((s) => s.length >= 4 && n.includes(s)) || syn.some((s) => /[\u4e00-\u9fff]/.test(s) && s.length >= 2 && n.includes(s))) return 1;
  return 0;
}

export function guessRoles<T extends TableName>(table: T, columns: string[]): RoleGuess<T> {
  const roles: Partial<Record<RoleOf<T>, string>> = {};
  const ambiguous: Partial<Record<RoleOf<T>, string[]>> = {};
  const taken = new Set<string>();
  // Roles in order of how sure their best match is, so "订单日期" goes to order_date before "日期" anywhere else.
  const scored = (ROLES[table] as readonly RoleOf<T>[]).map((role) => {
    const s = columns.map((c) => score(role, c));
    const best = Math.max(0, ...s);
    return { role, best, hits: columns.filter((_, i) => s[i] === best && best > 0) };
  });
  scored.sort((a, b) => b.best - a.best);
  for (const { role, best, hits } of scored) {
    if (best === 0) continue;
    const free = hits.filter((c) => !taken.has(c));
    if (free.length === 1) {
      roles[role] = free[0];
      taken.add(free[0]);
    } else if (free.length > 1) ambiguous[role] = free;
  }
  const guess: RoleGuess<T> = { roles, ambiguous };
  if (table === 'orders' && !(roles as Record<string, string>).amount) {
    const q = columns.find((c) => QUANTITY.includes(normHeader(c)));
    const p = columns.find((c) => UNIT_PRICE.includes(normHeader(c)));
    if (q && p) guess.amountExpression = `${quoteName(q)} * ${quoteName(p)}`;
  }
  return guess;
}

/** A column name as it is written in an amount expression: bare when it is a plain word, else in double quotes. */
export function quoteName(c: string): string {
  if (/^[A-Za-z_\u0080-\uFFFF][\w\u0080-\uFFFF]*$/u.test(c)) return c; // what the expression parser reads as a bare name
  return c.includes('"') ? `\`${c}\`` : `"${c}"`;
}

/** Customer attributes: columns that make a file look like a customers table. */
const ATTRIBUTES = ['age', 'gender', 'sex', 'region', 'city', 'province', 'country', 'segment', 'income', 'birthday', 'birthdate',
  '年龄', '性别', '地区', '城市', '省份', '区域', '国家', '收入', '生日', '出生日期', '会员等级'];

/** The table a file most likely holds: how well its columns match each table's roles, and its file name. */
export function guessTable(columns: string[], fileName = ''): TableName {
  const byName = TABLES.find((t) => normHeader(fileName).includes(t.replace(/s$/, '')));
  let best: TableName = byName ?? 'orders';
  let bestScore = -1;
  for (const t of TABLES) {
    const g = guessRoles(t, columns);
    const roles = g.roles as Record<string, string>;
    const quality = Object.entries(roles).filter(([r]) => r !== 'customer_id').reduce((a, [r, c]) => a + score(r, c), 0);
    const complete = REQUIRED_FOR_GUESS[t].every((r) => r in roles || (r === 'amount' && g.amountExpression)) ? 2 : 0;
    const attributes = t === 'customers' ? columns.filter((c) => ATTRIBUTES.includes(normHeader(c))).length : 0;
    const s = quality + complete + attributes + (byName === t ? 1.5 : 0);
    if (s > bestScore) { best = t; bestScore = s; }
  }
  return best;
}

const REQUIRED_FOR_GUESS: Record<TableName, string[]> = {
  orders: ['customer_id', 'order_date', 'amount'],
  customers: ['customer_id'],
  feedback: ['customer_id', 'response_date'],
  interactions: ['customer_id', 'interaction_date', 'kind'],
};
