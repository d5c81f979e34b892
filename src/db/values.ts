/** Values as the write services read them off entities and store them from input. */

/** The id of a many-to-one relation (a reference or a loaded entity), or null when it has none. */
export const idOf = (ref: { id: string } | null | undefined): string | null => ref?.id ?? null;

/** Optional text as stored: trimmed, and blank as null (none). */
export const trimOrNull = (s: string | null | undefined): string | null => (s == null ? null : s.trim() || null);

/** Each id once, in the order first given (a list input may repeat one). */
export const uniqueIds = (ids: readonly string[] | null | undefined): string[] => [...new Set(ids ?? [])];

/** The ids actually given (no null, undefined or blank), each once: what a lookup of references needs. */
export const presentIds = (ids: ReadonlyArray<string | null | undefined> = []): string[] => [...new Set(ids.filter((id): id is string => !!id))];
