import { ROUTES, linkHandler } from '../lib/router.js';

export function Footer() {
  return (
    <footer class="site-footer">
      <p>Your images are compressed in memory and deleted as soon as the answer is sent. No tracking cookies, no third parties.</p>
      <nav aria-label="Privacy">
        <ul class="footer-links">
          <li>
            {/* Rendered by the server from its running configuration: a full page load. */}
            <a href="/privacy">Privacy policy</a>
          </li>
          <li>
            <a href={ROUTES.yourData} onClick={linkHandler(ROUTES.yourData)}>
              Your data
            </a>
          </li>
        </ul>
      </nav>
    </footer>
  );
}
