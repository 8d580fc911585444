import type { TierOrder } from './evaluate-direction.js';
import { asNumber, asString, field, type Plain } from './plain-object.js';

// Tier objects give each tier its order (lowest first; none = after every ordered tier) and its
// defaultAction (Deny unless Pass) (docs: reference/resources/tier). The default tier holds every
// Kubernetes NetworkPolicy and is documented as the last tier, so without its object it sorts last.

export function tierOrders(tiers: readonly Plain[]): ReadonlyMap<string, TierOrder> {
  const orders = new Map<string, TierOrder>();
  for (const tier of tiers) {
    const name = asString(field(tier, 'metadata')?.name);
    if (name === undefined) continue;
    const spec = field(tier, 'spec');
    const defaultAction = asString(spec?.defaultAction) === 'Pass' ? 'Pass' : 'Deny';
    orders.set(name, { name, order: asNumber(spec?.order), defaultAction });
  }
  return orders;
}
