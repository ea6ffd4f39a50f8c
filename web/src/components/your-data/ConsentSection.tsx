import type { MyDataState } from '../../lib/use-my-data.js';
import { ShieldIcon } from '../icons.js';

type Props = Pick<MyDataState, 'data' | 'missing' | 'busy' | 'optOut' | 'optIn'>;

function gpcEnabled(): boolean {
  return (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true || navigator.doNotTrack === '1';
}

/** Statistics for this session: the browser's own signal, and switching them off and on. */
export function ConsentSection({ data, missing, busy, optOut, optIn }: Props) {
  return (
    <section class="card" aria-labelledby="optout-title">
      <h2 id="optout-title">
        <ShieldIcon class="inline-icon" /> Statistics for this session
      </h2>
      {gpcEnabled() && (
        <p class="callout success" data-testid="gpc-note">
          Your browser sends Global Privacy Control or Do Not Track, so nothing is recorded for you — no need to do anything.
        </p>
      )}
      {missing ? (
        <p>Nothing is recorded on this server, so there is nothing to switch off.</p>
      ) : (
        <Consent optedOut={data?.optedOut} busy={busy} onOptOut={optOut} onOptIn={optIn} />
      )}
    </section>
  );
}

interface ConsentProps {
  readonly optedOut: boolean | undefined;
  readonly busy: boolean;
  readonly onOptOut: () => void;
  readonly onOptIn: () => void;
}

function Consent({ optedOut, busy, onOptOut, onOptIn }: ConsentProps) {
  let state = 'You can switch statistics off for this session at any time; compressing works exactly the same.';
  if (optedOut === true) state = 'Statistics are switched off for this session: your compressions are not recorded.';
  if (optedOut === false) state = 'Statistics are on for this session. You can switch them off at any time; compressing works exactly the same.';
  return (
    <>
      <p data-testid="consent-state">{state}</p>
      <div class="button-row">
        <button type="button" class="button" disabled={busy || optedOut === true} onClick={onOptOut}>
          Switch statistics off
        </button>
        <button type="button" class="button ghost" disabled={busy || optedOut === false} onClick={onOptIn}>
          Switch back on
        </button>
      </div>
    </>
  );
}
