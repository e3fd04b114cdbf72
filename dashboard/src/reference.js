// Regions and themes as trees (from /dashboard/reference.json): labels and "this and below".

export class Reference {
  constructor({ regions, themes, helix }) {
    this.regions = new Map(regions.map((r) => [r.code, r]));
    this.themes = new Map(themes.map((t) => [t.slug, t]));
    this.helix = helix;
    this.regionChildren = childrenOf(regions, (r) => r.code);
    this.themeChildren = childrenOf(themes, (t) => t.slug);
  }

  regionLabel(code, lang) {
    const r = this.regions.get(code);
    return r ? r[`name_${lang}`] : code;
  }

  themeLabel(slug, lang) {
    const t = this.themes.get(slug);
    return t ? t[`name_${lang}`] : slug;
  }

  helixLabel(id, lang) {
    const h = this.helix.find((x) => x.id === id);
    return h ? h[`name_${lang}`] : id;
  }

  /** The region and every region below it, as the API's region filter counts them. */
  regionAndBelow(code) {
    return below(code, this.regionChildren);
  }

  themeAndBelow(slug) {
    return below(slug, this.themeChildren);
  }

  /** Regions in tree order with their depth, for an indented <select>; sites are left out. */
  regionOptions() {
    return walk(this.regionChildren, (c) => this.regions.get(c).level !== "site");
  }

  themeOptions() {
    return walk(this.themeChildren, () => true);
  }
}

function childrenOf(rows, key) {
  const children = new Map();
  for (const row of rows) {
    const parent = row.parent ?? null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(key(row));
  }
  return children;
}

function below(root, children) {
  const found = new Set();
  const stack = [root];
  while (stack.length) {
    const current = stack.pop();
    if (found.has(current)) continue;
    found.add(current);
    stack.push(...(children.get(current) ?? []));
  }
  return found;
}

function walk(children, keep) {
  const out = [];
  const visit = (parent, depth) => {
    for (const child of children.get(parent) ?? []) {
      if (!keep(child)) continue;
      out.push({ id: child, depth });
      visit(child, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}
