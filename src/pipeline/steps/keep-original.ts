import type { MetadataPolicy } from '../options.js';
import type { Plan } from './plan.js';
import type { Probe } from './probe.js';

/**
 * Step 7: "never larger". The original bytes may be returned instead of the encoded ones only when
 * that gives the user exactly what they asked for: same format, same size, and no metadata the
 * policy would have removed (returning the original must never leak a GPS position or an
 * orientation the pixels do not have).
 */
export function originalIsAcceptable(probe: Probe, plan: Plan, policy: MetadataPolicy): boolean {
  if (plan.output !== probe.format || plan.resized) return false;
  const carriesExtras = probe.hasExif || probe.hasXmp || probe.hasIptc;
  switch (policy) {
    case 'keep-all':
      return true;
    case 'keep-all-but-location':
      return !probe.hasExif && !probe.hasXmp;
    case 'keep-color-profile':
      return !carriesExtras;
    case 'strip':
      return !carriesExtras && !probe.hasIcc;
  }
}
