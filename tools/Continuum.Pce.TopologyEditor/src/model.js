// The network document (continuum-pce/network@1, see docs/topology-format.md) and what the editor derives from it.

export const TIERS = ['core-dc', 'regional-dc', 'colo', 'telco-edge', 'enterprise', 'industrial', 'amplifier-hut'];
export const NODE_KINDS = ['roadm', 'transponder', 'amplifier'];

/** Site tiers by shape (cytoscape shape names) and size, so a tier reads at a glance. */
export const TIER_STYLE = {
  'core-dc': { shape: 'round-rectangle', size: 26, colour: '#1f3a68' },
  'regional-dc': { shape: 'hexagon', size: 22, colour: '#2f5fa8' },
  colo: { shape: 'diamond', size: 20, colour: '#6a3fa0' },
  'telco-edge': { shape: 'ellipse', size: 16, colour: '#1b7c83' },
  enterprise: { shape: 'triangle', size: 16, colour: '#8a5a00' },
  industrial: { shape: 'octagon', size: 16, colour: '#6d4c41' },
  'amplifier-hut': { shape: 'ellipse', size: 6, colour: '#9aa3ad' },
};

/** An equirectangular projection centred on the network, scaled so that the network spans about 800 px (zoom 1 fits a 1280×800 window). */
export function projectionFor(sites) {
  const pts = sites.filter((s) => Number.isFinite(s.latitude) && Number.isFinite(s.longitude));
  if (pts.length === 0) return { lat0: 0, lon0: 0, k: 100, cos: 1 };
  const lats = pts.map((s) => s.latitude), lons = pts.map((s) => s.longitude);
  const lat0 = (Math.min(...lats) + Math.max(...lats)) / 2, lon0 = (Math.min(...lons) + Math.max(...lons)) / 2;
  const cos = Math.max(0.2, Math.cos((lat0 * Math.PI) / 180));
  const span = Math.max((Math.max(...lons) - Math.min(...lons)) * cos, Math.max(...lats) - Math.min(...lats), 0.5);
  return { lat0, lon0, k: 800 / span, cos };
}

export const project = (p, lat, lon) => ({ x: (lon - p.lon0) * p.cos * p.k, y: -(lat - p.lat0) * p.k });
export const unproject = (p, x, y) => ({ lat: round(p.lat0 - y / p.k, 4), lon: round(p.lon0 + x / (p.k * p.cos), 4) });
export const round = (v, digits) => Math.round(v * 10 ** digits) / 10 ** digits;

export const fiberLength = (f) => (f.spans || []).reduce((a, s) => a + (Number(s.lengthKm) || 0), 0);

export function indexes(doc) {
  const sites = new Map(doc.sites.map((s) => [s.id, s]));
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  const fibers = new Map(doc.fibers.map((f) => [f.id, f]));
  return { sites, nodes, fibers };
}

/** The jurisdictions a fibre crosses: its own list, else the union of its end sites' (as the format defines). */
export function fiberJurisdictions(doc, idx, f) {
  if (Array.isArray(f.jurisdictions) && f.jurisdictions.length) return f.jurisdictions;
  const out = new Set();
  for (const end of [f.source, f.destination]) {
    const site = idx.sites.get(idx.nodes.get(end)?.site);
    if (site?.jurisdiction) out.add(site.jurisdiction);
  }
  return [...out];
}

/** A fresh id: base, base-2, base-3, … not in the list. */
export function freshId(list, base) {
  const taken = new Set(list.map((x) => x.id));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * Which element a validation error's JSONPath names ($.sites[3].latitude, $.nodes[5].type, $.fibers[2].spans[0].lengthKm),
 * resolved against the id lists of the document that was validated.
 */
export function elementOfPath(path, ids) {
  const m = /^\$\.(sites|nodes|fibers)\[(\d+)\](.*)$/.exec(path || '');
  if (!m) return null;
  const id = ids[m[1]][Number(m[2])];
  if (id === undefined) return null;
  const rest = m[3];
  if (m[1] === 'sites') return { kind: 'site', id, field: rest.replace(/^\./, '') };
  if (m[1] === 'nodes') return { kind: 'node', id, site: ids.nodeSite[Number(m[2])], field: rest.replace(/^\./, '') };
  const span = /^\.spans\[(\d+)\]\.?(.*)$/.exec(rest);
  return span ? { kind: 'fiber', id, span: Number(span[1]), field: span[2] } : { kind: 'fiber', id, field: rest.replace(/^\./, '') };
}

export const idLists = (doc) => ({
  sites: doc.sites.map((s) => s.id),
  nodes: doc.nodes.map((n) => n.id),
  nodeSite: doc.nodes.map((n) => n.site),
  fibers: doc.fibers.map((f) => f.id),
});

/** Utilisation 0..1 → green, amber, red. */
export function utilisationColour(u) {
  if (!Number.isFinite(u)) return '#9aa3ad';
  const stops = [[0, [46, 125, 50]], [0.5, [230, 145, 0]], [1, [198, 40, 40]]];
  const v = Math.min(1, Math.max(0, u));
  const i = v <= 0.5 ? 0 : 1;
  const t = (v - stops[i][0]) / (stops[i + 1][0] - stops[i][0]);
  const c = stops[i][1].map((a, j) => Math.round(a + (stops[i + 1][1][j] - a) * t));
  return `rgb(${c.join(',')})`;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#bcbd22', '#393b79', '#637939', '#7b4173'];

/** A stable colour per country (the ISO 3166-1 part of a jurisdiction); fibres crossing several countries are black. */
export function jurisdictionColour(codes) {
  const countries = [...new Set(codes.map((c) => c.split('-')[0]))];
  if (countries.length === 0) return '#9aa3ad';
  if (countries.length > 1) return '#222';
  let h = 0;
  for (const ch of countries[0]) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** Reads a file the user opened: a network document, or {network, equipment} as the server's topology endpoints use. */
export function parseOpened(text) {
  const json = JSON.parse(text);
  if (json && typeof json === 'object' && json.network && typeof json.network === 'object') {
    return { network: json.network, equipment: json.equipment ?? null };
  }
  return { network: json, equipment: null };
}

/** Normalises a document so the editor can rely on its lists. */
export function normalise(doc) {
  doc.sites ??= [];
  doc.nodes ??= [];
  doc.fibers ??= [];
  for (const f of doc.fibers) f.spans ??= [];
  return doc;
}
