// Site label placement: greedy, in priority order, each label tries positions around its marker (below, above, right,
// left, then the diagonals) and takes the first that stays inside the map and clear of the labels already placed and of
// the other sites' markers. A label that finds no clear position tries its short form (the site id); else it is hidden
// (the map shows the name on hover, and zooming in makes room for it). A label never covers another label or site.
// Pure functions of screen geometry: the editor calls place() on every rendered frame that moved something.

const GAP = 2; // px between a marker and its label
const CLEAR = 1; // px kept between two labels
const CELL = 64; // px, the grid that indexes placed boxes

/** Boxes in a uniform grid, so that a query looks only at its neighbourhood (1,000 sites stay cheap). */
class Grid {
  cells = new Map();

  static key(i, j) { return (i + 32768) * 65536 + (j + 32768); }

  add(b) {
    for (let i = Math.floor(b.x1 / CELL); i <= Math.floor(b.x2 / CELL); i++) {
      for (let j = Math.floor(b.y1 / CELL); j <= Math.floor(b.y2 / CELL); j++) {
        const k = Grid.key(i, j), list = this.cells.get(k);
        if (list) list.push(b); else this.cells.set(k, [b]);
      }
    }
  }

  /** Whether b overlaps a box of the grid other than those of `skip` (the grid's boxes grown by `margin` on every side). */
  hits(b, skip, margin = 0) {
    for (let i = Math.floor((b.x1 - margin) / CELL); i <= Math.floor((b.x2 + margin) / CELL); i++) {
      for (let j = Math.floor((b.y1 - margin) / CELL); j <= Math.floor((b.y2 + margin) / CELL); j++) {
        const list = this.cells.get(Grid.key(i, j));
        if (!list) continue;
        for (const o of list) {
          if (o.id !== skip && b.x1 < o.x2 + margin && o.x1 - margin < b.x2 && b.y1 < o.y2 + margin && o.y1 - margin < b.y2) return true;
        }
      }
    }
    return false;
  }
}

/** Top-left corners around a marker of radius r at (x, y) for a w×h box, in order of preference. */
function candidates(x, y, r, w, h) {
  const d = r * 0.7;
  return [
    [x - w / 2, y + r + GAP], // below, centred (as the canvas drew labels)
    [x - w / 2, y - r - GAP - h], // above
    [x + r + GAP, y - h / 2], // right
    [x - r - GAP - w, y - h / 2], // left
    [x + d, y + d + GAP], // below right
    [x + d, y - d - GAP - h], // above right
    [x - d - w, y + d + GAP], // below left
    [x - d - w, y - d - GAP - h], // above left
  ];
}

/** The short form of a label: the site id, or the name up to its first comma, when shorter than the name. */
export function abbreviation(id, name) {
  const options = [String(id ?? ''), String(name ?? '').split(/[,(]/)[0].trim()].filter((s) => s && s.length < String(name ?? '').length);
  options.sort((a, b) => a.length - b.length);
  return options[0] ?? null;
}

/**
 * Places the labels of `sites` ({ id, x, y, r, text, short }, highest priority first; x, y, r in map pixels) in a
 * width×height map, clear of `markers` ({ id, x, y, r }: every marker a label should not cover, the sites' own
 * included). measure(text) is the box width of a text. Answers a Map from site id to { x, y, w, h, text, short } (the
 * box's top-left corner, whole pixels) or null when the label is hidden.
 */
export function place(sites, markers, { width, height, lineHeight = 14, measure }) {
  const markerGrid = new Grid();
  for (const m of markers) markerGrid.add({ id: m.id, x1: m.x - m.r, y1: m.y - m.r, x2: m.x + m.r, y2: m.y + m.r });
  const labelGrid = new Grid();
  const out = new Map();
  const inside = (b) => b.x1 >= 0 && b.y1 >= 0 && b.x2 <= width && b.y2 <= height;

  for (const s of sites) {
    const forms = [{ text: s.text, short: false }];
    if (s.short && s.short !== s.text) forms.push({ text: s.short, short: true });
    let chosen = null;
    for (const form of forms) {
      const w = measure(form.text), h = lineHeight;
      for (const [cx, cy] of candidates(s.x, s.y, s.r, w, h)) {
        const x = Math.round(cx), y = Math.round(cy);
        const b = { id: s.id, x1: x, y1: y, x2: x + w, y2: y + h };
        if (inside(b) && !labelGrid.hits(b, null, CLEAR) && !markerGrid.hits(b, s.id)) { chosen = { b, form }; break; }
      }
      if (chosen) break;
    }
    if (!chosen) { out.set(s.id, null); continue; }
    labelGrid.add(chosen.b);
    out.set(s.id, { x: chosen.b.x1, y: chosen.b.y1, w: chosen.b.x2 - chosen.b.x1, h: lineHeight, text: chosen.form.text, short: chosen.form.short });
  }
  return out;
}
