import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Batch } from '../lib/batch.js';
import { formatBinaryBytes } from '../../../src/shared/units.js';
import { useFocusHeading } from '../lib/focus.js';
import type { Settings } from '../lib/settings.js';
import { useBatchItems } from '../lib/use-batch.js';
import { CompareDialog } from './CompareDialog.js';
import { DropZone } from './DropZone.js';
import { Results } from './Results.js';
import { SettingsPanel } from './SettingsPanel.js';
import { CompareIcon, DownloadIcon, ShieldIcon } from './icons.js';

interface Props {
  readonly batch: Batch;
  readonly settings: Settings;
  readonly onSettings: (s: Settings) => void;
}

export function HomePage({ batch, settings, onSettings }: Props) {
  const items = useBatchItems(batch);
  const heading = useFocusHeading();
  const [notice, setNotice] = useState<string | undefined>();
  const [comparing, setComparing] = useState<number | undefined>();
  const limits = batch.getLimits();

  const addFiles = useCallback(
    (files: readonly File[]) => {
      if (files.length === 0) return;
      const outcome = batch.add(files);
      setNotice(
        outcome.overflow > 0
          ? `A batch holds at most ${limits.maxBatchFiles} images, so ${outcome.overflow === 1 ? '1 file was' : `${outcome.overflow} files were`} not added. Download or clear this batch to add more.`
          : undefined,
      );
    },
    [batch, limits.maxBatchFiles],
  );

  // Paste an image anywhere on the page (a screenshot, an image copied in another app).
  useEffect(() => {
    const onPaste = (event: ClipboardEvent): void => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      addFiles(files.map((f) => (f.name === '' || /^image\.\w+$/.test(f.name) ? batch.namePasted(f) : f)));
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [addFiles, batch]);

  const compareItem = items.find((i) => i.id === comparing && i.result);
  const empty = items.length === 0;

  return (
    <div class={`home ${empty ? 'is-empty' : 'has-items'}`}>
      <section class="intro" aria-labelledby="intro-title">
        <h1 id="intro-title" ref={heading} tabIndex={-1}>
          Smaller images. <span class="accent">Same look.</span>
        </h1>
        <p class="lede">
          Compress and convert JPEG, PNG, WebP and AVIF — up to {limits.maxBatchFiles} at a time, {formatBinaryBytes(limits.maxInputBytes)} each. Compare
          before and after at full size, then download one by one or all as a ZIP.
        </p>
      </section>
      <div class="workspace">
        <div class="work-column">
          <DropZone onFiles={addFiles} compact={!empty} />
          {notice && (
            <p class="notice" role="status">
              {notice}
            </p>
          )}
          {empty ? <Features maxBatchFiles={limits.maxBatchFiles} /> : <Results batch={batch} items={items} onCompare={setComparing} />}
        </div>
        <SettingsPanel settings={settings} onChange={onSettings} batch={batch} items={items} />
      </div>
      {compareItem && <CompareDialog item={compareItem} onClose={() => setComparing(undefined)} />}
    </div>
  );
}

/** What the empty page promises, in three lines: the reasons to trust it with a photo. */
function Features({ maxBatchFiles }: { readonly maxBatchFiles: number }) {
  return (
    <ul class="features" aria-label="How it works">
      <li>
        <ShieldIcon class="feature-icon" />
        <div>
          <p class="feature-title">Never stored</p>
          <p class="feature-text">Images are processed in memory and forgotten once you have them back. No tracking.</p>
        </div>
      </li>
      <li>
        <CompareIcon class="feature-icon" />
        <div>
          <p class="feature-title">Judge at 1:1</p>
          <p class="feature-text">Slide between before and after, and zoom in to the pixel before you download.</p>
        </div>
      </li>
      <li>
        <DownloadIcon class="feature-icon" />
        <div>
          <p class="feature-title">Batch and ZIP</p>
          <p class="feature-text">Up to {maxBatchFiles} images at once; download them one by one or together.</p>
        </div>
      </li>
    </ul>
  );
}
