import { assetUrl } from './assets.js';

/* The page's HTML: GraphiQL's scripts and styles by versioned URL, the token hint, and boot.js with the nonce. */

const TOKEN_COMMAND = 'npm run cli -- token:create --adviser EMAIL';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderPage(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>GraphiQL · CRM gateway</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetUrl('graphiql.min.css')}">
<link rel="stylesheet" href="${assetUrl('page.css')}">
</head>
<body>
<div id="graphiql-hint" role="note" hidden>
<span>Queries need a token: run <code>${escapeHtml(TOKEN_COMMAND)}</code>, paste it into the <b>Headers</b> tab below and press ⟳ (re-fetch schema, bottom left); or open <code>/graphiql?token=…</code>.</span>
<button type="button" id="graphiql-hint-close" aria-label="Dismiss">×</button>
</div>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${assetUrl('react.production.min.js')}"></script>
<script src="${assetUrl('react-dom.production.min.js')}"></script>
<script src="${assetUrl('graphiql.min.js')}"></script>
<script src="${assetUrl('boot.js')}" nonce="${nonce}"></script>
</body>
</html>
`;
}
