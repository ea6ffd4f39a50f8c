import { ROUTES, linkHandler } from '../lib/router.js';
import { useFocusHeading } from '../lib/focus.js';

export function NotFoundPage() {
  const heading = useFocusHeading();
  return (
    <section class="page narrow">
      <h1 ref={heading} tabIndex={-1}>
        There is nothing at this address
      </h1>
      <p>
        <a href={ROUTES.home} onClick={linkHandler(ROUTES.home)}>
          Go to the compressor
        </a>
      </p>
    </section>
  );
}
