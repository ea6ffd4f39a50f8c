import { useEffect, useRef } from 'preact/hooks';

let firstPage = true;

/**
 * After an in-app navigation, moves focus to the new page's heading so that screen-reader and
 * keyboard users land on the new content. The first page load keeps the browser's own focus.
 */
export function useFocusHeading() {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    ref.current?.focus();
  }, []);
  return ref;
}
