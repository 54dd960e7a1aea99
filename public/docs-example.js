// The example page listens to its widgets (no inline script: the page's CSP forbids it).
document.addEventListener('plimsoll:result', (event) => {
  const { checklist, findings } = event.detail;
  const failing = checklist.filter((item) => item.status === 'fail').length;
  document.getElementById('result-log').textContent =
    `Last check: ${findings.length} finding(s), ${failing} failing checklist item(s).`;
});
