// Types of bin/sources.js for the TypeScript that imports it (tests).
export function importSources(entry: string): Promise<unknown>;
export function sourcesKey(entry: string, root?: string): string;
