/*
 * Plimsoll embed loader: turns Dockerfiles in a documentation page into live
 * Plimsoll widgets (iframes of this site's embed.html).
 *
 *   <script src="https://plimsoll.example/embed.js" defer></script>
 *
 *   <pre class="dockerfile">FROM node:latest ...</pre>
 *   <div data-plimsoll data-readonly data-show="checklist">FROM ...</div>
 *
 * Options, as data-* attributes on either element:
 *   data-readonly              the text cannot be edited (default: editable)
 *   data-height="320"          iframe height in CSS pixels (default: the widget's
 *                              content, which it posts as `plimsoll:height`)
 *   data-theme="dark"          light | dark | system
 *   data-lang="ja"             en | ja (default: the visitor's language)
 *   data-show="findings"       checklist | findings | both (default: both)
 *   data-items="healthcheck,runs-as-non-root"   only these checklist items
 *   data-rules="PL101,PL503"   only these rules' findings
 *   data-open="PL101"          open this rule's first finding
 *
 * The Dockerfile travels in the URL fragment (`#v1.` + raw deflate + URL-safe
 * base64, the app's share-link format), which browsers never send to a
 * server. Options the widget does not know are listed in the widget itself.
 * Each iframe fires a `plimsoll:result` event ({checklist, findings})
 * on itself after every check; `Plimsoll.set(iframe, text)` replaces its text.
 * Nothing is fetched from anywhere but this script's own site.
 */
(function () {
  'use strict';
  if (window.Plimsoll && window.Plimsoll.scan) return;

  var script = document.currentScript;
  var base = new URL('.', (script && script.src) || location.href);
  var SELECTOR = 'pre.dockerfile, div[data-plimsoll]';
  var OPTIONS = ['theme', 'lang', 'show', 'items', 'rules', 'open', 'height'];
  var frames = [];

  function toBase64Url(bytes) {
    var text = '';
    for (var i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  /** `v1.` fragment for `text`, or null where CompressionStream is missing. */
  function encode(text) {
    if (typeof CompressionStream !== 'function') return Promise.resolve(null);
    var json = new TextEncoder().encode(JSON.stringify({ t: text }));
    var stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Response(stream).arrayBuffer().then(
      function (buffer) {
        return 'v1.' + toBase64Url(new Uint8Array(buffer));
      },
      function () {
        return null;
      },
    );
  }

  function sourceOf(element) {
    var inner = element.matches('div[data-plimsoll]') && element.querySelector('pre, textarea');
    var text = (inner || element).textContent || '';
    // Drop the indentation and blank lines that HTML authoring adds around it.
    text = text.replace(/^\s*\n/, '').replace(/\s+$/, '');
    var lines = text.split('\n');
    var indent = Math.min.apply(
      null,
      lines
        .filter(function (line) {
          return line.trim();
        })
        .map(function (line) {
          return line.match(/^[ \t]*/)[0].length;
        })
        .concat([Infinity]),
    );
    if (indent > 0 && indent !== Infinity) {
      lines = lines.map(function (line) {
        return line.slice(indent);
      });
    }
    return lines.join('\n') + '\n';
  }

  function queryOf(element) {
    var params = ['embed'];
    if (element.hasAttribute('data-readonly')) params.push('readonly');
    OPTIONS.forEach(function (name) {
      var value = element.getAttribute('data-' + name);
      if (value) params.push(name + '=' + encodeURIComponent(value.trim()));
    });
    return '?' + params.join('&');
  }

  function create(element) {
    var text = sourceOf(element);
    var lines = text.split('\n').length;
    var height = parseInt(element.getAttribute('data-height'), 10) || Math.min(720, 220 + lines * 21);
    var frame = document.createElement('iframe');
    frame.className = 'plimsoll-embed';
    frame.title = element.getAttribute('data-title') || 'Plimsoll: Dockerfile security check';
    frame.setAttribute('referrerpolicy', 'no-referrer');
    frame.setAttribute('loading', 'lazy');
    frame.style.width = '100%';
    frame.style.height = height + 'px';
    frame.style.border = '1px solid rgba(127, 127, 127, 0.4)';
    frame.style.borderRadius = '6px';
    frame.plimsollText = text;
    frame.plimsollFitsContent = !element.getAttribute('data-height');
    return encode(text).then(function (fragment) {
      frame.src = new URL('embed.html' + queryOf(element), base).href + (fragment ? '#' + fragment : '');
      // Without CompressionStream, hand the text over once the widget is ready.
      frame.plimsollPending = fragment ? null : text;
      element.replaceWith(frame);
      frames.push(frame);
      return frame;
    });
  }

  function scan(root) {
    var elements = Array.prototype.slice.call((root || document).querySelectorAll(SELECTOR));
    return Promise.all(elements.map(create));
  }

  function set(frame, text) {
    frame.plimsollText = text;
    frame.contentWindow.postMessage({ type: 'plimsoll:set', dockerfile: text }, base.origin);
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== base.origin || !event.data || typeof event.data.type !== 'string') return;
    var frame = frames.find(function (candidate) {
      return candidate.contentWindow === event.source;
    });
    if (!frame) return;
    if (event.data.type === 'plimsoll:ready' && frame.plimsollPending) {
      set(frame, frame.plimsollPending);
      frame.plimsollPending = null;
    }
    // A widget without data-height is as tall as its content says.
    if (event.data.type === 'plimsoll:height' && frame.plimsollFitsContent && event.data.height > 0) {
      frame.style.height = Math.min(4000, Math.ceil(event.data.height) + 2) + 'px';
    }
    if (event.data.type === 'plimsoll:result') {
      frame.dispatchEvent(new CustomEvent('plimsoll:result', { detail: event.data, bubbles: true }));
    }
  });

  window.Plimsoll = { scan: scan, set: set, encode: encode };
  var ready = function () {
    scan(document);
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', ready);
  } else {
    ready();
  }
})();
