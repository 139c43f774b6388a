// Owns finding the strings a rendered card hands to a markdown reader (Slack mrkdwn objects, Lark markdown elements).

// Every string `pick` returns for an object anywhere in the rendered value, in document order.
export function renderedTexts(value: unknown, pick: (o: Record<string, unknown>) => unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const text = pick(o);
      if (typeof text === 'string') found.push(text);
      Object.values(o).forEach(walk);
    }
  };
  walk(value);
  return found;
}
