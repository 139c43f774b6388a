// Catalogue (customers, products): how each customer and product command is typed — help lists and errors quote it.
import type { Locale } from '../model.ts';

export const customerUsages = {
  show: { en: 'customer show ACME Trading', 'zh-CN': '客户 查看 星辰精密' },
  find: {
    en: 'customer find acme (name, tax ID, contact or owner)',
    'zh-CN': '客户 查找 星辰（名称、税号、联系人或负责人）',
  },
  new: {
    en: 'customer new (opens a form), or customer new name:"ACME" region:east',
    'zh-CN': '客户 新建（打开表单），或 客户 新建 名称:星辰精密 地区:华东',
  },
  edit: {
    en: 'customer edit ACME (opens a form), or customer edit ACME region:east',
    'zh-CN': '客户 编辑 星辰精密（打开表单），或 客户 编辑 星辰精密 地区:华东',
  },
  productFind: { en: 'product find pro (SKU or name)', 'zh-CN': '产品 查找 专业版（SKU 或名称）' },
} satisfies Record<string, Record<Locale, string>>;
