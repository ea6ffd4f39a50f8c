/**
 * The technical context from the User-Agent header (P8), parsed with ua-parser-js 1.x (MIT; 2.x
 * is AGPL and must not be used). Only the browser's name and major version, the operating
 * system's name and a device class survive; the header itself is dropped.
 */
import { UAParser } from 'ua-parser-js';

type DeviceType = 'desktop' | 'mobile' | 'tablet' | 'other';

export interface Client {
  readonly browser: string | null;
  readonly browserMajor: number | null;
  readonly os: string | null;
  readonly device: DeviceType;
}

/** Headers longer than this are not worth parsing (and parsing them costs time). */
const MAX_USER_AGENT = 512;

/** Operating systems on which a user agent without a device type is a desktop computer. */
const DESKTOP_OS = /^(windows|mac os|macos|linux|ubuntu|debian|fedora|chromium os|chrome os|freebsd|openbsd|netbsd|solaris|gentoo|arch|mint|suse|red hat|centos|mandriva|slackware|unix)/i;

function device(type: string | undefined, os: string | null, browser: string | null): DeviceType {
  if (type === 'mobile') return 'mobile';
  if (type === 'tablet') return 'tablet';
  if (type !== undefined) return 'other';
  // No device type: a desktop browser, unless nothing identifies one (curl, scripts, bots).
  return browser !== null && (os === null || DESKTOP_OS.test(os)) ? 'desktop' : 'other';
}

export function parseClient(userAgent: string | undefined): Client {
  if (userAgent === undefined || userAgent.trim() === '') return { browser: null, browserMajor: null, os: null, device: 'other' };
  const result = new UAParser(userAgent.slice(0, MAX_USER_AGENT)).getResult();
  const browser = result.browser.name?.trim() || null;
  const major = result.browser.major !== undefined && /^\d{1,6}$/.test(result.browser.major) ? Number(result.browser.major) : null;
  const os = result.os.name?.trim() || null;
  return { browser, browserMajor: browser === null ? null : major, os, device: device(result.device.type, os, browser) };
}
