// The tour's index page: one self-contained HTML file (no scripts, no external assets).
export function page({ title, intro, sections }) {
  // the table of contents comes from each section's id and heading, so it cannot drift from them
  const toc = sections
    .map((html) => [/<section id="([^"]+)"/.exec(html), /<h2>([\s\S]*?)<\/h2>/.exec(html)])
    .filter(([id, h]) => id && h)
    .map(([id, h]) => `<li><a href="#${id[1]}">${h[1]}</a></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; max-width: 1240px; padding: 24px; }
  h1 { font-size: 1.6em; margin-bottom: 0.2em; }
  h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
  figure { margin: 1.2em 0; }
  figure img { width: 100%; height: auto; border: 1px solid #e4e4e4; }
  table { border-collapse: collapse; margin: 0.8em 0; }
  th, td { padding: 4px 14px; text-align: right; border-bottom: 1px solid #e4e4e4; }
  tr.shown td { font-weight: 600; background: #fff4ef; }
  code { background: #f3f3f3; padding: 0 4px; border-radius: 3px; }
  .note, .lead { color: #555; }
  ol.toc { list-style: none; padding-left: 0; }
</style>
</head>
<body>
<h1>${title}</h1>
<p class="lead">${intro}</p>
<nav><h2>Contents</h2>
<ol class="toc">
${toc}
</ol></nav>
${sections.join('\n')}
</body>
</html>
`;
}
