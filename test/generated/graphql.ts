/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type CompaniesWithNestedQueryVariables = Exact<{
  n: number;
}>;


export type CompaniesWithNestedQuery = { companies: { edges: Array<{ node: { contacts: { edges: Array<{ node: { id: string } }> } | null, interactions: { edges: Array<{ node: { participants: Array<{ adviser: { team: { name: string } | null } }> } }> } | null } }> } | null };
