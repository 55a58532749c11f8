import writeXlsxFile, { type Row } from 'write-excel-file/node';
import type { ClientRow } from '../repositories/client-view-repo';

/**
 * The client list as an .xlsx workbook: one sheet 客户清单, one row per
 * client, every cell text (a 统一社会信用代码 or an account number stays
 * digit for digit). The column names are those the import recognises, so an
 * exported list reads back in with every column mapped.
 */

const TAXPAYER: Record<string, string> = { general: '一般纳税人', small: '小规模纳税人' };
const LABEL: Record<string, string> = { public: '公开', internal: '内部', confidential: '机密', secret: '绝密' };
const STATUS: Record<string, string> = { active: '服务中', archived: '已归档' };

export const CLIENT_LIST_COLUMNS: readonly { header: string; width: number; value: (c: ClientRow) => string | null }[] = [
  { header: '客户名称', width: 36, value: (c) => c.name },
  { header: '统一社会信用代码', width: 22, value: (c) => c.creditCode },
  { header: '纳税人类型', width: 14, value: (c) => (c.taxpayerType ? TAXPAYER[c.taxpayerType] ?? c.taxpayerType : null) },
  { header: '联系人', width: 12, value: (c) => c.contactPerson },
  { header: '联系电话', width: 16, value: (c) => c.phone },
  { header: '地址', width: 36, value: (c) => c.address },
  { header: '银行账号', width: 26, value: (c) => c.bankAccount },
  { header: '服务开始日期', width: 14, value: (c) => c.serviceStart },
  { header: '服务结束日期', width: 14, value: (c) => c.serviceEnd },
  { header: '密级', width: 8, value: (c) => LABEL[c.label] ?? c.label },
  { header: '状态', width: 8, value: (c) => STATUS[c.status] ?? c.status },
  { header: '备注', width: 40, value: (c) => c.notes },
];

export async function clientListXlsx(clients: readonly ClientRow[]): Promise<Buffer> {
  const header: Row = CLIENT_LIST_COLUMNS.map((col) => ({ value: col.header, fontWeight: 'bold' as const }));
  const rows: Row[] = clients.map((client) => CLIENT_LIST_COLUMNS.map((col) => ({ value: col.value(client) ?? '', type: String })));
  return writeXlsxFile([header, ...rows], {
    sheet: '客户清单',
    columns: CLIENT_LIST_COLUMNS.map((col) => ({ width: col.width })),
    stickyRowsCount: 1,
  }).toBuffer();
}
