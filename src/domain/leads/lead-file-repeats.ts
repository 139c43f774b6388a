// Owns finding the rows of one lead file that repeat an earlier row of the same file.
import type { LeadImportRow } from './lead-import.ts';

export type FileMatch = 'email' | 'phone' | 'company';

// Rows that repeat an earlier row of the same file (same e-mail, phone, or same contact at the same company core):
// the first stays, the later ones point at it.
export function dedupeWithinFile(rows: readonly LeadImportRow[]): {
  unique: LeadImportRow[];
  repeats: { row: LeadImportRow; ofLine: number; matchedOn: FileMatch }[];
} {
  const byEmail = new Map<string, number>();
  const byPhone = new Map<string, number>();
  const byCompany = new Map<string, number>();
  const unique: LeadImportRow[] = [];
  const repeats: { row: LeadImportRow; ofLine: number; matchedOn: FileMatch }[] = [];
  for (const row of rows) {
    const companyContact = row.companyCore ? `${row.companyCore}|${row.contactKey}` : null;
    const email = row.emailNorm ? byEmail.get(row.emailNorm) : undefined;
    const phone = row.phoneNorm ? byPhone.get(row.phoneNorm) : undefined;
    const company = companyContact ? byCompany.get(companyContact) : undefined;
    const ofLine = email ?? phone ?? company;
    if (ofLine !== undefined) {
      repeats.push({
        row,
        ofLine,
        matchedOn: email !== undefined ? 'email' : phone !== undefined ? 'phone' : 'company',
      });
      continue;
    }
    unique.push(row);
    if (row.emailNorm) byEmail.set(row.emailNorm, row.line);
    if (row.phoneNorm) byPhone.set(row.phoneNorm, row.line);
    if (companyContact) byCompany.set(companyContact, row.line);
  }
  return { unique, repeats };
}
