/**
 * An integer setting read from the environment where it is used (env.ts also checks it at start), within
 * bounds: unset or blank gives the default; anything else out of bounds is a RangeError that names it.
 */
export function integerSetting(
  name: string,
  fallback: number,
  min: number,
  max: number,
  value: string | undefined = process.env[name],
): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, not "${value}"`);
  return n;
}
