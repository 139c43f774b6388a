// Catalogue: the captions a file is sent with (lead, customer, product and bank statement imports, order attach), as
// help lists them next to the typed commands: each under the permission its import needs, in the reader's language.
import type { Action } from '../../domain/access/actions.ts';
import type { Locale } from '../model.ts';

export const fileCaptionUsages: readonly { needs?: Action; usage: Record<Locale, string> }[] = [
  {
    needs: 'lead.import',
    usage: {
      en: 'lead import [source:…] [campaign:…] — caption of a lead list (CSV or XLSX) sent as a file',
      'zh-CN': '线索 导入 [来源:…] [活动:…] — 发送线索名单文件（CSV 或 XLSX）时写的说明',
    },
  },
  {
    needs: 'customer.edit',
    usage: {
      en: 'customer import — caption of a customer sheet (CSV or XLSX) sent as a file',
      'zh-CN': '客户 导入 — 发送客户表（CSV 或 XLSX）时写的说明',
    },
  },
  {
    needs: 'product.edit',
    usage: {
      en: 'product import — caption of a product sheet (CSV or XLSX) sent as a file',
      'zh-CN': '产品 导入 — 发送产品表（CSV 或 XLSX）时写的说明',
    },
  },
  {
    needs: 'recon.import',
    usage: {
      en: 'bank import (or statement import) — caption of a bank statement (CSV, camt.053 XML or MT940) sent as a file; its receipts are matched to installments',
      'zh-CN':
        '流水 导入（或 银行 导入、对账单 导入）— 发送银行流水（CSV、camt.053 XML 或 MT940）时写的说明；到账自动与分期核对',
    },
  },
  {
    usage: {
      en: 'order attach SO-… — caption of a file to attach to an order',
      'zh-CN': '订单 上传 SO-… — 发送要附到订单上的文件时写的说明',
    },
  },
];
