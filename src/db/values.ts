/** Values as the write services read them off entities and store them from input. */

/** The id of a many-to-one relation (a reference or a loaded entity), or null when it has none. */
export const idOf = (ref: { id: string } | null | undefined): string | null => ref?.id ?? null;

/** Optional text as stored: trimmed, and blank as null (none). */
export const trimOrNull = (s: string | null | undefined): string | null => (s == null ? null : s.trim() || null);
