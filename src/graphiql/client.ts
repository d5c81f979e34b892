/*
 * What the browser runs and styles that this project writes itself: the page's script (boot.js) and stylesheet
 * (page.css), served as assets (assets.ts), and the query the editor starts with.
 */

/** What the query editor starts with (exported so a test can check it still matches the schema). */
export const GRAPHIQL_DEFAULT_QUERY = `# Run with the ▶ button or Ctrl-Enter.
{
  viewer {
    adviser {
      name
      email
    }
    isSuperuser
  }
  companies(first: 5) {
    totalCount
    edges {
      node {
        name
        address {
          town
          country {
            name
          }
        }
      }
    }
  }
}
`;

/** The page's own script: a file (not inline) so `script-src 'self'` is enough. */
export const BOOT_JS = `(function () {
  'use strict';
  var DEFAULT_QUERY = ${JSON.stringify(GRAPHIQL_DEFAULT_QUERY)};
  var PERSIST_KEY = 'graphiql:shouldPersistHeaders';

  // The page's CSP nonce, for the <style> element GraphiQL's dialogs create (see graphiql.ts).
  window.__webpack_nonce__ = document.currentScript.nonce;

  // Take the token out of the address bar at once, so it is not left in history or bookmarks.
  var url = new URL(window.location.href);
  var token = (url.searchParams.get('token') || '').trim();
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }

  var placeholder = '<paste a token here>';
  var headers = JSON.stringify({ Authorization: 'Bearer ' + (token || placeholder) }, null, 2);

  // Headers (the token) are not kept in localStorage unless the user turns that on in GraphiQL's
  // settings. GraphiQL 3 resets that setting on every load unless the prop says true, so the choice is
  // read back here; and its history ("graphiql:queries", "graphiql:favorites") stores each run's headers
  // whatever the setting, so the storage handed to GraphiQL drops them from history writes while the
  // setting is off, and gives history entries read back without headers the headers this page opened with.
  var storage = null;
  try {
    storage = window.localStorage;
  } catch (e) {
    // storage unavailable: GraphiQL keeps everything in memory
  }
  var persisting = function () {
    return !!storage && storage.getItem(PERSIST_KEY) === 'true';
  };
  var HISTORY_KEYS = { 'graphiql:queries': 'queries', 'graphiql:favorites': 'favorites' };
  var mapHistory = function (key, value, fn) {
    var field = HISTORY_KEYS[key];
    if (!field || !value) return value;
    try {
      var parsed = JSON.parse(value);
      if (!parsed || !Array.isArray(parsed[field])) return value;
      parsed[field] = parsed[field].map(fn);
      return JSON.stringify(parsed);
    } catch (e) {
      return value;
    }
  };
  var withoutHeaders = function (item) {
    var copy = Object.assign({}, item);
    delete copy.headers;
    return copy;
  };
  var withPageHeaders = function (item) {
    return item && !item.headers ? Object.assign({}, item, { headers: headers }) : item;
  };
  var graphiqlKeys = function () {
    return Object.keys(storage).filter(function (key) {
      return key.indexOf('graphiql:') === 0;
    });
  };
  var headerSafeStorage = storage && {
    getItem: function (key) {
      var value = storage.getItem(key);
      return persisting() ? value : mapHistory(key, value, withPageHeaders);
    },
    setItem: function (key, value) {
      storage.setItem(key, persisting() ? value : mapHistory(key, value, withoutHeaders));
    },
    removeItem: function (key) {
      storage.removeItem(key);
    },
    clear: function () {
      graphiqlKeys().forEach(function (key) {
        storage.removeItem(key);
      });
    },
    get length() {
      return graphiqlKeys().length;
    },
  };
  var persistHeaders = persisting();
  var storedHeaders = persistHeaders ? storage.getItem('graphiql:headers') : null;

  // The how-to-get-a-token hint, unless a token came with the URL or from the user's persisted headers.
  if (!token && !/Bearer\\s+[^<\\s]/.test(storedHeaders || '')) document.getElementById('graphiql-hint').hidden = false;
  document.getElementById('graphiql-hint-close').addEventListener('click', function () {
    document.getElementById('graphiql-hint').hidden = true;
  });

  var props = {
    fetcher: GraphiQL.createFetcher({ url: new URL('/graphql', window.location.href).href }),
    defaultQuery: DEFAULT_QUERY,
    defaultHeaders: headers,
    // GraphiQL 3's name for v2's headerEditorEnabled.
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
  };
  if (headerSafeStorage) props.storage = headerSafeStorage;
  // false would hide the "persist headers" switch in the settings; undefined shows it, switched off.
  if (persistHeaders) props.shouldPersistHeaders = true;
  // A token in the URL wins over whatever headers the editor had before.
  if (token) props.headers = headers;

  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
})();
`;

export const PAGE_CSS = `html, body { height: 100%; margin: 0; overflow: hidden; }
body { display: flex; flex-direction: column; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
#graphiql { flex: 1; min-height: 0; }
#graphiql-hint { display: flex; align-items: center; gap: 0.75em; padding: 0.45em 1em; font-size: 14px; background: #fff7d6; color: #3b3200; border-bottom: 1px solid #e6d58a; }
#graphiql-hint[hidden] { display: none; }
#graphiql-hint code { padding: 0.1em 0.35em; border-radius: 3px; background: #fdeca6; font-family: ui-monospace, Menlo, Consolas, monospace; }
#graphiql-hint-close { margin-left: auto; border: 0; background: transparent; font-size: 18px; line-height: 1; cursor: pointer; color: inherit; }
`;
