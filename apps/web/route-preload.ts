import type { Plugin } from 'vite';

/**
 * Opening a page at its address loads the entry, then the router asks for the page's lazy
 * chunk, then that chunk's imports: a waterfall. This writes into index.html a small table
 * of the chunks each first page needs (from the build's own graph) and a script that
 * preloads the current address's chunks at once, beside the entry.
 */
export function routePreload(pages: Record<string, string>): Plugin {
  return {
    name: 'route-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle || !ctx.filename.endsWith('index.html')) return html;
        const chunks = Object.values(bundle).filter((out) => out.type === 'chunk');
        const table: Record<string, string[]> = {};
        for (const [path, source] of Object.entries(pages)) {
          const page = chunks.find((c) => c.facadeModuleId?.endsWith(source));
          if (!page) throw new Error(`route-preload: no chunk for ${source}`);
          const files = new Set<string>();
          const visit = (name: string) => {
            const chunk = bundle[name];
            if (files.has(name) || !chunk || chunk.type !== 'chunk') return;
            files.add(name);
            chunk.imports.forEach(visit);
          };
          visit(page.fileName);
          table[path] = [...files].map((f) => `/${f}`);
        }
        const script = `<script>(function(){var f=${JSON.stringify(table)}[location.pathname];if(f)f.forEach(function(h){var l=document.createElement('link');l.rel='modulepreload';l.href=h;document.head.appendChild(l)})})()</script>`;
        return html.replace('</head>', `${script}\n</head>`);
      },
    },
  };
}
