// Owns closeloop.yaml's `imports` key: how large an uploaded workbook the lead and customer/product imports read.
import { z } from 'zod';

export const importsSchema = z
  .object({
    // Data rows (below the header) an .xlsx upload may hold; more is refused before any row is saved. A workbook is
    // unzipped and parsed as it is read, so a larger list goes faster and lighter as CSV, or split into workbooks.
    maxXlsxRows: z.number().int().min(1).max(1_000_000).default(100_000),
  })
  .strict();

export type ImportsPolicy = z.infer<typeof importsSchema>;
