import { useEffect, useRef, useState } from 'preact/hooks';
import { UploadIcon } from './icons.js';

interface Props {
  readonly onFiles: (files: File[]) => void;
  /** Once there are files, the zone shrinks to a bar above the list. */
  readonly compact: boolean;
}

const ACCEPT = 'image/jpeg,image/png,image/webp,image/avif,image/gif,image/tiff,.jpg,.jpeg,.png,.webp,.avif,.gif,.tif,.tiff';

function hasFiles(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

/**
 * Pick with the button (a real file input, so it is keyboard and screen-reader friendly), or drop
 * files anywhere on the page: while dragging, the whole window becomes the target.
 */
export function DropZone({ onFiles, compact }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth += 1;
      setDragging(true);
    };
    const over = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (): void => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent): void => {
      depth = 0;
      setDragging(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      e.preventDefault();
      onFiles(files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [onFiles]);

  return (
    <div class={`dropzone ${compact ? 'compact' : ''} ${dragging ? 'dragging' : ''}`} data-testid="dropzone">
      <div class="dropzone-art" aria-hidden="true">
        <UploadIcon class="dropzone-icon" />
      </div>
      <div class="dropzone-text">
        <p class="dropzone-title">{compact ? 'Add more images' : 'Drop images here'}</p>
        <p class="dropzone-hint">
          or paste from the clipboard <kbd>Ctrl</kbd>+<kbd>V</kbd> · JPEG, PNG, WebP, AVIF, GIF, TIFF
        </p>
      </div>
      <input
        ref={input}
        id="file-input"
        class="visually-hidden"
        type="file"
        multiple
        accept={ACCEPT}
        onChange={(e) => {
          const el = e.currentTarget;
          onFiles([...(el.files ?? [])]);
          // Picking the same file again must fire a change event too.
          el.value = '';
        }}
      />
      <label for="file-input" class="button primary pick">
        Choose images
      </label>
      {dragging && (
        <div class="drop-overlay" aria-hidden="true">
          <div class="drop-overlay-inner">
            <UploadIcon class="drop-overlay-icon" />
            <p>Drop to compress</p>
          </div>
        </div>
      )}
    </div>
  );
}
