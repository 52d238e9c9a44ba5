// Which table an opened file is, from its name (the mapping panel of issue 5 will make this confirmable).
import type { TableName } from '../engine/mapping';

export function tableOfFile(name: string): TableName {
  const n = name.toLowerCase();
  if (/customer|member|客户|会员/.test(n)) return 'customers';
  if (/feedback|survey|nps|csat|问卷|满意/.test(n)) return 'feedback';
  if (/interaction|contact|visit|ticket|互动|联系/.test(n)) return 'interactions';
  return 'orders';
}
