import { createHash } from "node:crypto";
import { html, trustedHtml, type SafeHtml } from "./html.ts";

// One stylesheet for every page, inline so a page is one request; its hash goes into the CSP.
const STYLE = `
:root{color-scheme:light;--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa;--card:#fff;--accent:#0b57d0;--accent-dark:#0842a0;--focus:#f59e0b}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:40rem;margin:0 auto;padding:0 1rem}
header.site{padding:1.25rem 0 .5rem}
.brand{font-weight:700;font-size:1.125rem;color:var(--accent);text-decoration:none}
main{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1.5rem 1.25rem;margin:.5rem 0 1.25rem}
@media (min-width:40rem){main{padding:2rem 2.5rem}}
h1{font-size:clamp(1.5rem,5vw,1.75rem);line-height:1.25;margin:0 0 .75rem}
h2{font-size:1.125rem;line-height:1.3;margin:2rem 0 .75rem}
p,ul{margin:0 0 1rem}
ul{padding-left:1.25rem}
li{margin:.25rem 0}
a{color:var(--accent);text-underline-offset:2px}
.lead{font-size:1.0625rem}
.muted{color:var(--muted)}
.hint{color:var(--muted);font-size:.875rem;margin:.25rem 0 0}
.actions+.hint{margin-top:.75rem}
form{margin:1.5rem 0 0}
.field{margin:0 0 1.25rem}
.narrow input,.narrow select{max-width:16rem}
form h2{border-top:1px solid var(--line);padding-top:1.25rem;margin:1.75rem 0 1rem}
form h2:first-child{border-top:0;padding-top:0;margin-top:0}
label,legend{display:block;font-weight:600;margin:0 0 .375rem;padding:0}
fieldset{border:0;padding:0;margin:0 0 1.25rem;min-width:0}
input[type=email],input[type=text],input[type=number],input[type=date],select{display:block;width:100%;min-height:2.75rem;padding:.5rem .75rem;font:inherit;color:inherit;background:#fff;border:1px solid #8c959f;border-radius:8px}
.row{display:grid;gap:0 1rem;grid-template-columns:1fr}
@media (min-width:32rem){.row{grid-template-columns:1fr 1fr}}
label.choice{display:flex;gap:.625rem;align-items:flex-start;font-weight:400;margin:.375rem 0}
.choice input{margin:.3rem 0 0;width:1.125rem;height:1.125rem;flex:none;accent-color:var(--accent)}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:1.25rem 0 0}
button{min-height:2.75rem;padding:.625rem 1.5rem;font:inherit;font-weight:600;color:#fff;background:var(--accent);border:1px solid var(--accent);border-radius:8px;cursor:pointer}
button:hover{background:var(--accent-dark)}
button.secondary{color:var(--accent);background:#fff}
button.secondary:hover{background:#eef4fe}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.notice{padding:.75rem 1rem;border:1px solid;border-radius:8px;margin:0 0 1.25rem}
.notice.ok{background:#dafbe1;border-color:#4ac26b;color:#0f5323}
.notice.warn{background:#fff8c5;border-color:#d4a72c;color:#4d2d00}
.notice.error{background:#ffebe9;border-color:#ff8182;color:#82071e}
.consent{color:var(--muted);font-size:.875rem;margin:.5rem 0 0}
.trap{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
footer.site{color:var(--muted);font-size:.875rem;padding:0 0 2rem}
.editions{list-style:none;padding:0;margin:1.5rem 0}
.editions li{margin:0;padding:.875rem 0;border-top:1px solid var(--line)}
.editions li:last-child{border-bottom:1px solid var(--line)}
.editions a{font-weight:600}
.editions .top{display:block;color:var(--muted);overflow-wrap:anywhere}
.history{list-style:none;padding:0;margin:0 0 1rem}
.history li{display:flex;gap:.75rem;margin:0;padding:.375rem 0;border-top:1px solid var(--line)}
.history li:last-child{border-bottom:1px solid var(--line)}
.history .day{flex:none;width:7.5rem;white-space:nowrap;font-weight:600}
`;

// Picks the browser's own zone in the time zone select; without JS the reader chooses by hand.
const TIMEZONE_SCRIPT =
  "(function(){var s=document.getElementById('timezone');if(!s||!window.Intl)return;" +
  "var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(!z)return;" +
  "for(var i=0;i<s.options.length;i++){if(s.options[i].value===z){s.value=z;return;}}" +
  "var o=document.createElement('option');o.value=z;o.textContent=z;s.appendChild(o);s.value=z;})();";

const cspHash = (source: string) => `'sha256-${createHash("sha256").update(source).digest("base64")}'`;

/** The only inline style and script the pages use, as CSP sources (no 'unsafe-inline'). */
export const PAGE_CSP_SOURCES = Object.freeze({ style: [cspHash(STYLE)], script: [cspHash(TIMEZONE_SCRIPT)] });

/** Feed autodiscovery: feed readers find /feed.xml and /feed.json from any page that carries these. */
export const FEED_LINKS = trustedHtml(
  '<link rel="alternate" type="application/rss+xml" title="paperwire: trending papers (RSS)" href="/feed.xml">\n' +
    '<link rel="alternate" type="application/feed+json" title="paperwire: trending papers (JSON Feed)" href="/feed.json">',
);

export type Page = {
  title: string;
  main: SafeHtml;
  /** Only public pages (signup, archive) belong in search results; token pages never do. */
  isIndexable?: boolean;
  hasTimezoneScript?: boolean;
  /** Public pages about the editions link the feeds in their head. */
  hasFeedLinks?: boolean;
};

/** A whole HTML document around one page's main content. */
export function renderPage(page: Page): string {
  return `<!doctype html>\n${
    html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${page.isIndexable ? "" : html`<meta name="robots" content="noindex, nofollow">`}
<title>${page.title} · paperwire</title>
<link rel="icon" href="data:,">
${page.hasFeedLinks ? FEED_LINKS : ""}
<style>${trustedHtml(STYLE)}</style>
</head>
<body>
<div class="wrap">
<header class="site"><a class="brand" href="/">paperwire</a></header>
<main id="main">
${page.main}
</main>
<footer class="site">paperwire emails the papers trending on Hugging Face Daily Papers. It is not affiliated with Hugging Face.</footer>
</div>
${page.hasTimezoneScript ? trustedHtml(`<script>${TIMEZONE_SCRIPT}</script>`) : ""}
</body>
</html>`.markup
  }\n`;
}
