// Owns the column layouts of common bank CSV exports, so finance names its bank instead of mapping every column.
import type { StatementColumn } from './statement-csv.ts';

export type StatementPreset = 'cmb' | 'icbc' | 'ccb' | 'iso';

// Each maps closeloop's columns to the header the bank writes; anything unmapped is read by the built-in English
// and Chinese names (日期, 金额, 币种, 付款人, 对方账号, 摘要, 流水号 …).
export const statementPresets: Record<StatementPreset, Partial<Record<StatementColumn, string>>> = {
  // China Merchants Bank online banking, "交易明细" export.
  cmb: {
    date: '交易时间',
    amount: '收入金额',
    payer: '对方户名',
    payer_account: '对方账号',
    memo: '交易附言',
    bank_txn_id: '银行流水',
  },
  // ICBC corporate banking, "账户明细" export: credits in 贷方发生额.
  icbc: {
    date: '交易日期',
    amount: '贷方发生额',
    payer: '对方单位名称',
    payer_account: '对方账号',
    memo: '用途',
    bank_txn_id: '交易流水号',
  },
  // China Construction Bank corporate export.
  ccb: {
    date: '交易时间',
    amount: '贷方金额',
    payer: '对方户名',
    payer_account: '对方账号',
    memo: '摘要',
    bank_txn_id: '账户明细编号-交易流水号',
  },
  // The English export most European and Hong Kong banks offer (ISO 20022 names).
  iso: {
    date: 'Booking Date',
    amount: 'Amount',
    currency: 'Currency',
    payer: 'Counterparty Name',
    payer_account: 'Counterparty Account',
    memo: 'Remittance Information',
    bank_txn_id: 'Transaction Reference',
  },
};

export function isStatementPreset(name: string): name is StatementPreset {
  return Object.hasOwn(statementPresets, name);
}
