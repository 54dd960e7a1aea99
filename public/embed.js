/*
 * Plimsoll embed loader: turns Dockerfiles in a documentation page into live
 * Plimsoll widgets (iframes of this site's embed.html).
 *
 *   <script src="https://plimsoll.example/embed.js" defer></script>
 *
 *   <pre class="dockerfile">FROM node:latest ...</pre>
 *   <div data-plimsoll data-readonly data-show="checklist">FROM ...</div>
 *
 * Files beside the Dockerfile (checked with it, as `plimsoll check DIR`
 * does) are <pre>s of the same group, with a class saying what they are:
 *
 *   class="dockerignore"  .dockerignore              (named .dockerignore)
 *   class="compose"       Compose file               (compose.yaml)
 *   class="kubernetes"    Kubernetes manifest        (deployment.yaml)
 *   class="workflow"      CI workflow                (.github/workflows/image.yml)
 *   class="scan-report"   Trivy/Grype/SARIF report   (trivy-report.json)
 *
 * `data-path="deploy/docker-compose.yml"` names a file (the name in
 * brackets otherwise, numbered when two files of a kind share it), on the
 * Dockerfile too (`api.Dockerfile`). A group is either
 *   - a <pre class="dockerfile"> and the <pre>s with those classes right
 *     after it (only text and comments between them: any other element
 *     ends the group), or
 *   - a <div data-plimsoll> and the <pre>s inside it: the Dockerfile is its
 *     <pre class="dockerfile">, or else its first <pre> (or <textarea>)
 *     without one of those classes.
 * The whole group becomes one widget: the files' blocks are replaced by it.
 *
 * Options, as data-* attributes on the <pre class="dockerfile"> or the <div>:
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
 * The files travel in the URL fragment (`#v2.` + raw deflate + URL-safe
 * base64 of the app's share-link JSON), which browsers never send to a
 * server. Options the widget does not know are listed in the widget itself.
 * Each iframe fires a `plimsoll:result` event ({checklist, findings, files,
 * ...}: each finding with the path of its file, each item with the files
 * that decided it) on itself after every check. `Plimsoll.set(iframe,
 * text)` replaces its Dockerfile; `Plimsoll.set(iframe, {dockerfile, files:
 * [{path, text}]})` its files too (`files` replaces every file beside the
 * Dockerfile; `[]` removes them). Nothing is fetched from anywhere but this
 * script's own site.
 */
(function () {
  'use strict';
  if (window.Plimsoll && window.Plimsoll.scan) return;

  var script = document.currentScript;
  var base = new URL('.', (script && script.src) || location.href);
  var SELECTOR = 'pre.dockerfile, div[data-plimsoll]';
  // Each kind of file beside the Dockerfile: its class (the kind's name in
  // the share-link format) and the name it gets without data-path (the
  // playground's, for a file added by kind).
  var COMPANIONS = {
    dockerignore: '.dockerignore',
    compose: 'compose.yaml',
    kubernetes: 'deployment.yaml',
    workflow: '.github/workflows/image.yml',
    'scan-report': 'trivy-report.json',
  };
  var OPTIONS = ['theme', 'lang', 'show', 'items', 'rules', 'open', 'height'];
  var frames = [];

  function toBase64Url(bytes) {
    var text = '';
    for (var i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  /**
   * `v2.` fragment for a Dockerfile (`text`, or `{dockerfile, path, files:
   * [{path, kind, text}]}`), or null where CompressionStream is missing.
   */
  function encode(project) {
    if (typeof CompressionStream !== 'function') return Promise.resolve(null);
    if (typeof project === 'string') project = { dockerfile: project };
    var shared = { t: project.dockerfile };
    if (project.path) shared.p = project.path;
    if (project.files && project.files.length) shared.f = { files: project.files };
    var json = new TextEncoder().encode(JSON.stringify(shared));
    var stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Response(stream).arrayBuffer().then(
      function (buffer) {
        return 'v2.' + toBase64Url(new Uint8Array(buffer));
      },
      function () {
        return null;
      },
    );
  }

  /** The companion kind of `element` (a class of COMPANIONS), if it is one. */
  function kindOf(element) {
    if (!element || element.tagName !== 'PRE') return null;
    var kinds = Object.keys(COMPANIONS).filter(function (kind) {
      return element.classList.contains(kind);
    });
    return kinds.length === 1 ? kinds[0] : null;
  }

  /** `element`'s text without the indentation and blank lines HTML authoring adds. */
  function textOf(element) {
    var text = (element.textContent || '').replace(/^\s*\n/, '').replace(/\s+$/, '');
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

  /** `name` made free: `compose.yaml` -> `compose-2.yaml`, as the playground numbers them. */
  function freeName(name, taken) {
    var slash = name.lastIndexOf('/') + 1;
    var dot = name.lastIndexOf('.');
    if (dot <= slash) dot = name.length;
    var candidate = name;
    for (var number = 2; taken.indexOf(candidate) >= 0; number++) {
      candidate = name.slice(0, dot) + '-' + number + name.slice(dot);
    }
    return candidate;
  }

  /**
   * The group `element` starts: `{dockerfile, path, files, blocks}`, with
   * `blocks` the elements the widget replaces (the first one in place).
   */
  function groupOf(element) {
    var dockerfile = element;
    var companions = [];
    if (element.matches('div[data-plimsoll]')) {
      var blocks = Array.prototype.slice.call(element.querySelectorAll('pre, textarea'));
      companions = blocks.filter(kindOf);
      dockerfile =
        element.querySelector('pre.dockerfile') ||
        blocks.filter(function (block) {
          return !kindOf(block);
        })[0] ||
        element;
    } else {
      for (var next = element.nextElementSibling; kindOf(next); next = next.nextElementSibling) {
        companions.push(next);
      }
    }
    var path = (dockerfile.getAttribute('data-path') || '').trim();
    var taken = [path || 'Dockerfile'];
    var files = companions.map(function (block) {
      var kind = kindOf(block);
      var name = (block.getAttribute('data-path') || '').trim() || freeName(COMPANIONS[kind], taken);
      taken.push(name);
      return { path: name, kind: kind, text: textOf(block) };
    });
    return {
      dockerfile: textOf(dockerfile),
      path: path,
      files: files,
      blocks: [element].concat(element.matches('div[data-plimsoll]') ? [] : companions),
    };
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
    var group = groupOf(element);
    var lines = [group.dockerfile]
      .concat(
        group.files.map(function (file) {
          return file.text;
        }),
      )
      .join('\n').split('\n').length;
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
    frame.plimsollFitsContent = !element.getAttribute('data-height');
    return encode(group).then(function (fragment) {
      frame.src = new URL('embed.html' + queryOf(element), base).href + (fragment ? '#' + fragment : '');
      // Without CompressionStream, hand the files over once the widget is
      // ready (a Dockerfile's name travels in links only).
      frame.plimsollPending = fragment ? null : { dockerfile: group.dockerfile, files: group.files };
      group.blocks[0].replaceWith(frame);
      group.blocks.slice(1).forEach(function (block) {
        block.remove();
      });
      frames.push(frame);
      return frame;
    });
  }

  function scan(root) {
    var elements = Array.prototype.slice.call((root || document).querySelectorAll(SELECTOR));
    // A <pre class="dockerfile"> inside a <div data-plimsoll> is the div's.
    elements = elements.filter(function (element) {
      return !(element.parentElement && element.parentElement.closest('div[data-plimsoll]'));
    });
    return Promise.all(elements.map(create));
  }

  /**
   * Replaces a widget's Dockerfile (`files` a string), or its Dockerfile
   * and/or the files beside it (`{dockerfile, files: [{path, text}]}`, each
   * file read as its name and text say).
   */
  function set(frame, files) {
    var message = { type: 'plimsoll:set' };
    if (typeof files === 'string') {
      message.dockerfile = files;
    } else {
      if (typeof files.dockerfile === 'string') message.dockerfile = files.dockerfile;
      if (files.files) {
        message.files = files.files.map(function (file) {
          return { path: String(file.path), text: String(file.text) };
        });
      }
    }
    frame.contentWindow.postMessage(message, base.origin);
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
