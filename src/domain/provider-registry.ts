// One provider, one identity: the registry that the money side (lump sums by provider code) and the
// monitor (iJw messages by AGB code) both use [DOMAIN.md §2, §5]. A provider has a code, a name and
// the AGB codes it sends messages under (one or more, each belonging to one provider only); its
// themes and active years follow from the allocations.
import { Refusal } from './errors.ts';
import type { AllocationPlan } from './allocation-rules.ts';

export interface RegisteredProvider {
  readonly code: string;
  readonly name: string;
  /** AGB codes (8 digits) under which the provider sends iJw messages. */
  readonly agbCodes: readonly string[];
  /** The ledger entry that last registered or changed it. */
  readonly seq: number;
}

export type ProviderRegistry = Readonly<Record<string, RegisteredProvider>>;

export const PROVIDER_CODE = /^[A-Za-z0-9_-]{1,40}$/;
export const AGB_CODE = /^\d{8}$/;

/** Registers (or updates) providers; an AGB code belongs to one provider only. */
export function register(
  registry: ProviderRegistry,
  providers: readonly { readonly code: string; readonly name: string; readonly agbCodes?: readonly string[] }[],
  seq: number,
): ProviderRegistry {
  const next: Record<string, RegisteredProvider> = { ...registry };
  const seen = new Set<string>();
  for (const p of providers) {
    if (!PROVIDER_CODE.test(p.code)) throw new Refusal('PROVIDER_CODE_INVALID', { code: p.code });
    if (seen.has(p.code)) throw new Refusal('PROVIDER_TWICE', { code: p.code });
    seen.add(p.code);
    if (!p.name.trim()) throw new Refusal('PROVIDER_NAME_MISSING', { code: p.code });
    const agbCodes = p.agbCodes ?? registry[p.code]?.agbCodes ?? [];
    for (const agb of agbCodes) if (!AGB_CODE.test(agb)) throw new Refusal('AGB_CODE_INVALID', { code: p.code, agb });
    next[p.code] = { code: p.code, name: p.name.trim(), agbCodes: [...new Set(agbCodes)].sort(), seq };
  }
  const owner = new Map<string, string>();
  for (const p of Object.values(next)) {
    for (const agb of p.agbCodes) {
      const other = owner.get(agb);
      if (other !== undefined) throw new Refusal('AGB_CODE_TAKEN', { agb, code: seen.has(p.code) ? p.code : other, owner: seen.has(p.code) ? other : p.code });
      owner.set(agb, p.code);
    }
  }
  return next;
}

/**
 * What an allocation plan says of its providers enters the registry: a new provider is registered
 * with the plan's name and AGB code; a known one keeps its AGB codes and gains the plan's.
 */
export function registerPlan(registry: ProviderRegistry, plan: AllocationPlan, seq: number): ProviderRegistry {
  const changed = plan.providers.filter((p) => {
    const known = registry[p.code];
    return !known || known.name !== p.name || (p.agb !== undefined && !known.agbCodes.includes(p.agb));
  });
  if (changed.length === 0) return registry;
  return register(
    registry,
    changed.map((p) => ({ code: p.code, name: p.name, agbCodes: [...(registry[p.code]?.agbCodes ?? []), ...(p.agb ? [p.agb] : [])] })),
    seq,
  );
}

/** AGB code → provider, for reading iJw messages. */
export function providerByAgb(registry: ProviderRegistry): Map<string, RegisteredProvider> {
  const map = new Map<string, RegisteredProvider>();
  for (const p of Object.values(registry)) for (const agb of p.agbCodes) map.set(agb, p);
  return map;
}

/** How the monitor names the provider of an AGB code that is in no registry entry. */
export const unregisteredProviderCode = (agb: string): string => `AGB-${agb}`;
