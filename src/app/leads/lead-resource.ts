// Owns what the access policy is told about a lead: whose it is (its owner, else the rep it is offered to), their
// managers, its region.
import type { Db, Tx } from '../../db/client.ts';
import type { Resource } from '../../domain/access/can.ts';
import { ownedBy } from '../access/ask.ts';

export function leadResource(
  db: Db | Tx,
  lead: { ownerId: string | null; offeredToId: string | null; region: string | null },
): Promise<Resource> {
  return ownedBy(db, lead.ownerId ?? lead.offeredToId, { region: lead.region });
}
