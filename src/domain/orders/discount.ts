// Owns how far an order sells below list: each line's and the order's discount against the list price, in basis points
// (the line's own discount and any typed-in price together), and the gross margin when every cost is known.

export interface PricedLine {
  quantity: number;
  // Net, before tax.
  amountMinor: number;
  // The unit price on the customer's list (same currency as the order); null when the line has none (a service).
  listUnitMinor: number | null;
  // What one unit costs us, in the order's currency; null when unknown.
  unitCostMinor: number | null;
}

export interface PricingFacts {
  // Per line: 10 000 × (1 − net / (quantity × list)), rounded; null without a list price. Negative: above list.
  lineDiscountBp: (number | null)[];
  // Over the lines with a list price; null when none has one.
  totalDiscountBp: number | null;
  // Gross margin over the whole order in bp of the net total; null when any cost is unknown or the total is 0.
  marginBp: number | null;
}

const bpOf = (net: number, gross: number) => Math.round((1 - net / gross) * 10_000);

export function pricingFacts(lines: readonly PricedLine[]): PricingFacts {
  let listed = 0;
  let listedNet = 0;
  const lineDiscountBp = lines.map((l) => {
    if (l.listUnitMinor === null || l.listUnitMinor <= 0) return null;
    const gross = l.quantity * l.listUnitMinor;
    listed += gross;
    listedNet += l.amountMinor;
    return bpOf(l.amountMinor, gross);
  });
  const net = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  const costKnown = lines.length > 0 && lines.every((l) => l.unitCostMinor !== null);
  const cost = lines.reduce((sum, l) => sum + l.quantity * (l.unitCostMinor ?? 0), 0);
  return {
    lineDiscountBp,
    totalDiscountBp: listed > 0 ? bpOf(listedNet, listed) : null,
    marginBp: costKnown && net > 0 ? Math.round(((net - cost) / net) * 10_000) : null,
  };
}
