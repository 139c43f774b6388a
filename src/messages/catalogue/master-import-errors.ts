// Catalogue: the errors of a customer or product import sheet as a whole (its header) and of its cells.
import type { Locale } from '../model.ts';

export const masterImportErrors: Record<Locale, Record<string, string>> = {
  en: {
    sheet_column_unknown: 'column "{column}" is not one we import; the columns are: {known}.',
    sheet_column_unknown_near: 'column "{column}" is not one we import; did you mean "{suggestion}"?',
    sheet_column_repeated: 'column "{column}" repeats column "{earlier}"; keep one of them.',
    sheet_column_missing: 'the header has no {column} column; add it (the first row names the columns).',
    sheet_empty: 'the file is empty; the first row names the columns, e.g. name,tier,credit_limit,erp.',
    sheet_unterminated_quote: 'a quoted cell starting on line {line} never closes; add the missing ".',
    sheet_unreadable_xlsx:
      'the file is not a readable .xlsx workbook; save it again as .xlsx or export it as CSV.',
    sheet_xlsx_too_large:
      'the workbook unpacks to more than {limit} MB (or is packed far tighter than typed data); send it as CSV, or split it into smaller workbooks.',
    sheet_xlsx_too_many_rows:
      'the workbook has more than {limit} rows below the header; split it into workbooks of {limit} rows or fewer, or send it as CSV.',
    sheet_formula_without_value:
      'cell {cell} holds a formula with no saved result; open the file in Excel and save it again, or paste the values in place of the formula.',
    sheet_cell_yes_no: '"{value}" is not yes or no; write true or false (是 / 否).',
  },
  'zh-CN': {
    sheet_column_unknown: '不认识列「{column}」；可导入的列：{known}。',
    sheet_column_unknown_near: '不认识列「{column}」；是不是「{suggestion}」？',
    sheet_column_repeated: '列「{column}」与列「{earlier}」重复；请只保留一列。',
    sheet_column_missing: '首行缺少「{column}」列；请补上（首行为列名）。',
    sheet_empty: '文件是空的；首行应为列名，如 客户名称,客户等级,信用额度,ERP编号。',
    sheet_unterminated_quote: '第 {line} 行开始的引号没有闭合，请补上缺少的 "。',
    sheet_unreadable_xlsx: '文件不是可读取的 .xlsx 工作簿；请重新另存为 .xlsx 或导出为 CSV。',
    sheet_xlsx_too_large:
      '工作簿解压后超过 {limit} MB（或压缩比远超正常表格数据）；请改用 CSV 发送，或拆分成多个较小的工作簿。',
    sheet_xlsx_too_many_rows:
      '工作簿表头以下超过 {limit} 行；请拆分成每个不超过 {limit} 行的工作簿，或改用 CSV 发送。',
    sheet_formula_without_value:
      '单元格 {cell} 是没有保存计算结果的公式；请在 Excel 中打开后重新保存，或把公式粘贴为数值。',
    sheet_cell_yes_no: '「{value}」不是 是/否；请填写 是 或 否（true / false）。',
  },
};
