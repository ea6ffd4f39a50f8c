/** Validation at write time (issue 5): the model's fields and nothing else, strings capped. */
import { describe, expect, it } from 'vitest';
import { FIELDS, type FieldSpec } from '../../src/analytics/fields.js';
import { InvalidEventError, capString, validateEvent } from '../../src/analytics/validate.js';
import { event } from './support.js';

describe('validateEvent', () => {
  it('accepts a complete record unchanged', () => {
    expect(validateEvent(event())).toEqual(event());
  });

  it('refuses a key the model does not have (an IP, a file name…)', () => {
    expect(() => validateEvent({ ...event(), ip: '203.0.113.9' })).toThrow(InvalidEventError);
    expect(() => validateEvent({ ...event(), fileName: 'x.png' })).toThrow(/not in the field model: fileName/);
  });

  it('caps every free-text string at its maximum length', () => {
    const long = validateEvent({ ...event(), city: 'x'.repeat(500), region: 'é'.repeat(300), browser: 'B'.repeat(99) });
    const caps = Object.fromEntries((FIELDS as readonly FieldSpec[]).map((f) => [f.name, f.maxLength]));
    expect(long.city).toHaveLength(caps.city as number);
    expect(long.region).toHaveLength(caps.region as number);
    expect(long.browser).toHaveLength(caps.browser as number);
    expect(capString('a😀b', 2)).toBe('a😀');
  });

  it('stores nothing for optional values of the wrong shape, and refuses required ones', () => {
    const odd = validateEvent({ ...event(), country: 'Germany', language: 'en-US', timeZone: '<script>', browserMajor: -1, referrerHost: 'a/b' });
    expect([odd.country, odd.language, odd.timeZone, odd.browserMajor, odd.referrerHost]).toEqual([null, null, null, null, null]);
    expect(() => validateEvent({ ...event(), device: 'toaster' })).toThrow(/device/);
    expect(() => validateEvent({ ...event(), quality: '101' })).toThrow(/quality/);
    expect(() => validateEvent({ ...event(), originalBytes: 1.5 })).toThrow(/originalBytes/);
    expect(() => validateEvent({ ...event(), sessionKey: 'raw-session-id' })).toThrow(/sessionKey/);
    const { inputFormat: _dropped, ...missing } = event();
    expect(() => validateEvent(missing)).toThrow(/inputFormat/);
  });
});
