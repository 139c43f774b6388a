// Owns paging a list in chat: ten rows a page, "page:2" in the command a "Show more" click runs.

export const listPageSize = 10;

// The first row of the page a "page:N" names; a missing or unreadable page is the first.
export function pageOffset(page: string | undefined): number {
  const n = Number(page ?? '1');
  return Number.isInteger(n) && n > 1 ? (n - 1) * listPageSize : 0;
}

// The command for the page after the one at `offset`, or null when that page is the last.
export function nextPageCommand(words: string, total: number, offset: number): string | null {
  return offset + listPageSize < total ? `${words} page:${offset / listPageSize + 2}` : null;
}
