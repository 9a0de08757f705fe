/** Types of scripts/build-schema.js, for the tests that regenerate the schema in memory. */

/** schema/aks-byocni-config.schema.json, absolute. */
export declare const SCHEMA_FILE: string;
/** lib/config/types.ts, absolute: the model the schema is generated from. */
export declare const TYPES_FILE: string;
/** The schema object, generated from `typesFile` (default: lib/config/types.ts). */
export declare function buildSchema(typesFile?: string): Record<string, unknown>;
/** The schema file's text, as `npm run schema` writes it. */
export declare function renderSchema(typesFile?: string): string;
