import type { Body } from './resources.js';

/** RFC 7396: objects merge key by key, null removes, anything else replaces. */
export function mergePatch(target: Body, patch: Body): Body {
  const result: Body = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (
      typeof value === 'object' &&
      !Array.isArray(value) &&
      typeof result[key] === 'object' &&
      result[key] !== null &&
      !Array.isArray(result[key])
    ) {
      result[key] = mergePatch(result[key] as Body, value as Body);
    } else result[key] = value;
  }
  return result;
}
