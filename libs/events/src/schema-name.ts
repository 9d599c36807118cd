/** Quoted schema name, validated: schema names are interpolated into SQL, never bound. */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  return `"${schema}"`;
}
