/**
 * The stylesheets of the server-rendered pages (/privacy and /admin), served from this origin
 * (the CSP allows no inline style). System fonts only: nothing is fetched from elsewhere.
 */
const BASE = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --card: #f6f8fa; --line: #d0d7de; --accent: #0b5cad; --warn-bg: #fff4d6; --warn-fg: #5c3b00; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --card: #161b22; --line: #30363d; --accent: #6cb6ff; --warn-bg: #3b2e00; --warn-fg: #ffdf8a; } }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; line-height: 1.55; color: var(--fg); background: var(--bg); }
body { margin: 0; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0.4em 0; }
h2 { font-size: 1.3rem; margin: 1.8em 0 0.5em; }
code { font-size: 0.92em; background: var(--card); padding: 0 0.25em; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; margin: 0.8em 0; }
caption { text-align: left; color: var(--muted); padding-bottom: 0.4em; }
th, td { text-align: left; vertical-align: top; padding: 0.45em 0.6em; border-bottom: 1px solid var(--line); }
thead th { border-bottom: 2px solid var(--line); }
.table-scroll { overflow-x: auto; }
.muted { color: var(--muted); }
.warning { background: var(--warn-bg); color: var(--warn-fg); padding: 0.6em 0.8em; border-radius: 6px; }
`;

export const PRIVACY_CSS = `${BASE}
.policy { max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem 4rem; }
.back { margin: 0.5em 0 0; }
.dates { color: var(--muted); }
tr.group th { background: var(--card); font-weight: 600; }
.example { display: block; color: var(--muted); font-size: 0.9em; }
ul.contact { list-style: none; padding: 0; }
`;

export const ADMIN_CSS = `${BASE}
.dashboard { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem 4rem; }
.dashboard header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.5rem 1rem; }
nav.ranges { display: flex; gap: 0.4rem; }
nav.ranges a { padding: 0.3em 0.8em; border: 1px solid var(--line); border-radius: 999px; text-decoration: none; }
nav.ranges a[aria-current="page"] { background: var(--accent); color: var(--bg); border-color: var(--accent); }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 0.8rem; margin: 1rem 0; }
.tile { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.8rem 1rem; }
.tile .value { font-size: 1.6rem; font-weight: 650; display: block; }
.tile .label { color: var(--muted); font-size: 0.9rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(21rem, 1fr)); gap: 1rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.8rem 1rem; min-width: 0; }
.card h2 { margin-top: 0.2em; font-size: 1.1rem; }
.card.wide { grid-column: 1 / -1; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart .bar { fill: var(--accent); }
svg.chart .bar.saved { fill: #2da44e; }
svg.chart .axis { stroke: var(--line); stroke-width: 1; }
svg.chart text { fill: var(--muted); font-size: 11px; font-family: inherit; }
svg.chart text.value { fill: var(--fg); }
details { margin-top: 0.5rem; }
details summary { cursor: pointer; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.counters { color: var(--muted); font-size: 0.9rem; }
`;
