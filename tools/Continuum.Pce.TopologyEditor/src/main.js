// Continuum PCE topology editor: one page over the server's REST API. The network document is the single source of
// truth; every edit snapshots it for undo, then the map (cytoscape) and the panels are brought in line with it, and the
// document is validated by the server (POST /api/v1/topology/validate) a moment later.
import cytoscape from 'cytoscape';
import './style.css';
import { api, apiKey, ApiError } from './api.js';
import * as M from './model.js';
import { abbreviation, place } from './labels.js';

const $ = (selector) => document.querySelector(selector);
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const fmt = (v, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

const state = {
  doc: null,
  equipment: null,
  source: '',
  serverVersion: null,
  dirty: false,
  proj: null,
  undo: [],
  redo: [],
  selection: null, // { kind: 'site' | 'fiber' | 'new-fiber', id }
  validation: null,
  validationIds: null,
  validateSeq: 0,
  utilisation: new Map(),
  colourBy: 'utilisation',
  path: null, // { request, result, index }
  loadMs: null,
  fitted: false, // the view is the fit of the whole network (kept on resize until the user pans or zooms)
};

// ---------------------------------------------------------------- map

const cy = cytoscape({
  container: $('#map'),
  boxSelectionEnabled: false,
  selectionType: 'single',
  minZoom: 0.05,
  maxZoom: 8,
  style: [
    {
      selector: 'node',
      style: {
        // No canvas label: the page places site labels clear of each other (see placeSiteLabels).
        shape: 'data(shape)', width: 'data(size)', height: 'data(size)', 'background-color': 'data(colour)',
        'border-width': 1.5, 'border-color': '#fff',
      },
    },
    { selector: 'node.hut', style: { 'border-width': 0 } },
    {
      selector: 'edge',
      style: { width: 3, 'line-color': 'data(colour)', 'curve-style': 'bezier', 'control-point-step-size': 7, opacity: 0.9 },
    },
    { selector: 'edge.down', style: { 'line-style': 'dotted' } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#f5b400' } },
    { selector: 'edge:selected', style: { width: 6, 'line-color': '#f5b400', 'z-index': 20 } },
    { selector: 'node.invalid', style: { 'border-width': 4, 'border-color': '#c62828' } },
    { selector: 'edge.invalid', style: { 'line-color': '#c62828', 'line-style': 'dashed', width: 5 } },
    { selector: '.dim', style: { opacity: 0.2 } },
    { selector: 'edge.path', style: { width: 7, 'line-color': '#1456b8', 'z-index': 10, opacity: 1 } },
    { selector: 'node.path', style: { 'border-width': 4, 'border-color': '#1456b8', opacity: 1 } },
  ],
});

function edgeColour(idx, fiber) {
  if (state.colourBy === 'jurisdiction') return M.jurisdictionColour(M.fiberJurisdictions(state.doc, idx, fiber));
  return M.utilisationColour(state.utilisation.get(fiber.id)?.utilisation);
}

function elementsOf(doc) {
  const idx = M.indexes(doc);
  const els = [];
  for (const s of doc.sites) {
    const t = M.TIER_STYLE[s.tier] ?? { shape: 'ellipse', size: 14, colour: '#555' };
    const lat = Number(s.latitude), lon = Number(s.longitude);
    els.push({
      group: 'nodes',
      data: {
        id: `s:${s.id}`, ref: s.id, kind: 'site', label: s.name || s.id, short: abbreviation(s.id, s.name || s.id), tier: s.tier,
        shape: t.shape, size: t.size, colour: t.colour,
      },
      position: M.project(state.proj, Number.isFinite(lat) ? lat : 0, Number.isFinite(lon) ? lon : 0),
      classes: s.tier === 'amplifier-hut' ? 'hut' : '',
    });
  }
  for (const f of doc.fibers) {
    const a = idx.nodes.get(f.source)?.site, b = idx.nodes.get(f.destination)?.site;
    if (!idx.sites.has(a) || !idx.sites.has(b)) continue;
    const down = state.utilisation.get(f.id)?.up === false;
    els.push({
      group: 'edges',
      data: { id: `f:${f.id}`, ref: f.id, kind: 'fiber', source: `s:${a}`, target: `s:${b}`, colour: edgeColour(idx, f) },
      classes: down ? 'down' : '',
    });
  }
  return els;
}

/** Brings the map in line with the document: adds, removes and updates elements (positions, labels, colours). */
function sync() {
  const els = elementsOf(state.doc);
  const want = new Set(els.map((e) => e.data.id));
  cy.batch(() => {
    cy.elements().forEach((e) => { if (!e.removed() && !want.has(e.id())) e.remove(); });
    for (const el of els) {
      const cur = cy.getElementById(el.data.id);
      if (cur.empty()) { cy.add(el); continue; }
      if (el.group === 'edges' && (cur.data('source') !== el.data.source || cur.data('target') !== el.data.target)) {
        cur.remove();
        cy.add(el);
        continue;
      }
      const { id, source, target, ...rest } = el.data;
      cur.data(rest);
      if (el.position) {
        const p = cur.position();
        if (Math.abs(p.x - el.position.x) > 1e-6 || Math.abs(p.y - el.position.y) > 1e-6) cur.position(el.position);
      }
      cur.toggleClass('hut', (el.classes || '').includes('hut'));
      cur.toggleClass('down', (el.classes || '').includes('down'));
    }
  });
  const sel = selectedElement();
  cy.elements(':selected').forEach((e) => { if (!sel || e.id() !== sel.id()) e.unselect(); });
  if (sel && !sel.selected()) sel.select();
  decorate();
}

const elementId = (kind, id) => (kind === 'fiber' ? `f:${id}` : `s:${id}`);

function selectedElement() {
  const s = state.selection;
  if (!s || (s.kind !== 'site' && s.kind !== 'fiber')) return null;
  const e = cy.getElementById(elementId(s.kind, s.id));
  return e.empty() ? null : e;
}

/** Validation errors by map element ('site:ID' or 'fiber:ID'), each with the field it names. */
function errorsByElement() {
  const out = new Map();
  if (!state.validation || !state.validationIds) return out;
  for (const e of state.validation.errors) {
    const target = M.elementOfPath(e.path, state.validationIds);
    if (!target) continue;
    const key = target.kind === 'fiber' ? `fiber:${target.id}` : `site:${target.kind === 'node' ? target.site : target.id}`;
    if (!out.has(key)) out.set(key, []);
    out.get(key).push({ ...e, target });
  }
  return out;
}

/** Error and path classes on the map, then the error badges next to their elements. */
function decorate() {
  const errors = errorsByElement();
  const path = state.path?.result?.candidates?.[state.path.index];
  cy.batch(() => {
    cy.elements().removeClass('invalid path dim');
    for (const key of errors.keys()) {
      const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
      cy.getElementById(elementId(kind, id)).addClass('invalid');
    }
    if (path) {
      const idx = M.indexes(state.doc);
      const onPath = cy.collection();
      for (const f of path.fibers) onPath.merge(cy.getElementById(`f:${f}`));
      for (const n of path.nodes) {
        const site = idx.nodes.get(n)?.site ?? n;
        onPath.merge(cy.getElementById(`s:${site}`));
      }
      onPath.addClass('path');
      cy.elements().not(onPath).addClass('dim');
    }
  });
  renderBadges(errors);
}

let badgeFrame = 0;
function renderBadges(errors = errorsByElement()) {
  cancelAnimationFrame(badgeFrame);
  badgeFrame = requestAnimationFrame(() => {
    const host = $('#badges');
    const { width, height } = host.getBoundingClientRect();
    const seen = new Set();
    for (const [key, list] of errors) {
      const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
      const ele = cy.getElementById(elementId(kind, id));
      if (ele.empty()) continue;
      const p = ele.isEdge() ? ele.renderedMidpoint() : ele.renderedPosition();
      if (p.x < -20 || p.y < -20 || p.x > width + 20 || p.y > height + 20) continue;
      seen.add(key);
      let badge = host.querySelector(`.error-badge[data-element="${CSS.escape(key)}"]`);
      if (!badge) {
        badge = document.createElement('div');
        badge.className = 'error-badge';
        badge.dataset.element = key;
        badge.setAttribute('role', 'note');
        badge.addEventListener('click', () => select({ kind, id }, { center: false }));
        host.appendChild(badge);
      }
      const first = list[0];
      const field = first.target.span !== undefined ? `span ${first.target.span + 1} ${first.target.field}` : first.target.field || first.code;
      badge.textContent = `⚠ ${field}: ${first.message}${list.length > 1 ? `  (+${list.length - 1})` : ''}`;
      badge.title = list.map((e) => `${e.path}: ${e.message}`).join('\n');
      badge.style.left = `${p.x}px`;
      badge.style.top = `${p.y}px`;
    }
    host.querySelectorAll('.error-badge').forEach((b) => { if (!seen.has(b.dataset.element)) b.remove(); });
  });
}

cy.on('render', () => {
  if (state.validation && !state.validation.valid) renderBadges();
  scheduleLabels();
});

// ---------------------------------------------------------------- site labels, the view

const TIER_RANK = new Map(M.TIERS.map((t, i) => [t, i]));
const labelHost = $('#labels');
const labelEls = new Map(); // cytoscape node id -> its label element
const measureCtx = document.createElement('canvas').getContext('2d');
const labelWidths = new Map();

/** A label's box width in px: the text as the page draws it (.site-label font), its padding and a pixel to spare. */
function measureLabel(text) {
  let w = labelWidths.get(text);
  if (w === undefined) {
    measureCtx.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    w = Math.ceil(measureCtx.measureText(text).width) + 5;
    labelWidths.set(text, w);
  }
  return w;
}

/** The view a label pass was computed for: zoom, pan and map size. */
const viewKey = () => `${cy.zoom().toFixed(5)} ${cy.pan().x.toFixed(1)} ${cy.pan().y.toFixed(1)} ${cy.width()}x${cy.height()}`;

let labelFrame = 0;
function scheduleLabels() {
  if (!labelFrame) labelFrame = requestAnimationFrame(() => { labelFrame = 0; placeSiteLabels(); });
}

/** Places the labels of the sites in view clear of each other and of the markers; called after every map frame. */
function placeSiteLabels() {
  const width = cy.width(), height = cy.height();
  const selected = selectedElement();
  const sites = [], markers = [];
  cy.nodes().forEach((n) => {
    if (n.hasClass('hut')) return;
    const p = n.renderedPosition();
    const r = n.renderedOuterWidth() / 2;
    if (p.x < -r || p.y < -r || p.x > width + r || p.y > height + r) return;
    markers.push({ id: n.id(), x: p.x, y: p.y, r });
    if (p.x < 0 || p.y < 0 || p.x > width || p.y > height) return;
    const rank = selected && n.same(selected) ? -2 : n.hasClass('path') ? -1 : TIER_RANK.get(n.data('tier')) ?? 99;
    sites.push({ id: n.id(), ref: n.data('ref'), x: p.x, y: p.y, r, text: n.data('label'), short: n.data('short'), rank, dim: n.hasClass('dim') });
  });
  sites.sort((a, b) => a.rank - b.rank || b.r - a.r || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  const placed = place(sites, markers, { width, height, measure: measureLabel });
  let shown = 0, hidden = 0;
  for (const s of sites) {
    let el = labelEls.get(s.id);
    if (!el) {
      el = document.createElement('div');
      el.className = 'site-label';
      el.dataset.site = s.ref;
      labelHost.appendChild(el);
      labelEls.set(s.id, el);
    }
    const p = placed.get(s.id);
    if (!p) {
      el.hidden = true;
      el.dataset.label = 'hidden';
      hidden++;
      continue;
    }
    shown++;
    el.hidden = false;
    el.dataset.label = p.short ? 'short' : 'full';
    if (el.textContent !== p.text) el.textContent = p.text;
    el.style.transform = `translate(${p.x}px, ${p.y}px)`;
    el.style.width = `${p.w}px`;
    el.classList.toggle('dim', s.dim);
  }
  const inView = new Set(sites.map((s) => s.id));
  for (const [id, el] of labelEls) if (!inView.has(id)) { el.remove(); labelEls.delete(id); }
  labelHost.dataset.shown = String(shown);
  labelHost.dataset.hidden = String(hidden);
  labelHost.dataset.view = viewKey();
}

// A hidden or shortened label shows in full while the pointer is on its site (and the name of an amplifier hut).
const tip = document.createElement('div');
tip.className = 'map-tip';
tip.hidden = true;
$('.map-area').appendChild(tip);
cy.on('mouseover', 'node', (evt) => {
  const n = evt.target;
  const label = labelEls.get(n.id());
  if (label && label.dataset.label === 'full') return;
  const p = n.renderedPosition();
  tip.textContent = n.data('label');
  tip.style.left = `${p.x}px`;
  tip.style.top = `${p.y - n.renderedOuterHeight() / 2}px`;
  tip.hidden = false;
});
cy.on('mouseout', 'node', () => { tip.hidden = true; });
cy.on('viewport', () => { tip.hidden = true; });
$('#map').addEventListener('mouseleave', () => { tip.hidden = true; });

/**
 * The first view and the Fit control: the sites' bounding box (markers, not labels) fills the map less a margin, the
 * bottom margin a label taller so the lowest site's label fits below it. Zoom is capped so a one-site network is not huge.
 */
function fitNetwork() {
  const nodes = cy.nodes();
  state.fitted = true;
  if (nodes.empty()) return;
  const bb = nodes.boundingBox({ includeLabels: false, includeOverlays: false });
  const width = cy.width(), height = cy.height();
  const padX = Math.max(24, Math.round(width * 0.04)), padTop = Math.max(20, Math.round(height * 0.03)), padBottom = padTop + 16;
  const w = Math.max(width - 2 * padX, 1), h = Math.max(height - padTop - padBottom, 1);
  const zoom = Math.min(Math.max(Math.min(w / Math.max(bb.w, 1), h / Math.max(bb.h, 1)), cy.minZoom()), Math.min(cy.maxZoom(), 4));
  cy.viewport({
    zoom,
    pan: { x: padX + w / 2 - ((bb.x1 + bb.x2) / 2) * zoom, y: padTop + h / 2 - ((bb.y1 + bb.y2) / 2) * zoom },
  });
}

function zoomBy(factor) {
  state.fitted = false;
  cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
}

cy.on('dragpan scrollzoom pinchzoom', () => { state.fitted = false; });

// The map area changes size with the window and when the legend folds: cytoscape is told, the fit view kept.
new ResizeObserver(() => {
  cy.resize();
  if (state.fitted) fitNetwork();
  scheduleLabels();
}).observe($('.map-area'));

cy.on('tap', 'node, edge', (evt) => {
  const kind = evt.target.data('kind');
  const id = evt.target.data('ref');
  if (kind === 'site' && activeTab() === 'path') { pickPathSite(id); return; }
  select({ kind, id }, { center: false });
});
cy.on('tap', (evt) => { if (evt.target === cy) select(null); });
cy.on('dragfree', 'node', (evt) => {
  const id = evt.target.data('ref');
  const { x, y } = evt.target.position();
  const ll = M.unproject(state.proj, x, y);
  edit(`Moved ${id}`, (doc) => {
    const site = doc.sites.find((s) => s.id === id);
    if (site) { site.latitude = ll.lat; site.longitude = ll.lon; }
  });
});

// ---------------------------------------------------------------- editing and history

function edit(label, change, { renderPanel = true } = {}) {
  state.undo.push(JSON.stringify(state.doc));
  if (state.undo.length > 200) state.undo.shift();
  state.redo = [];
  change(state.doc);
  changed(label, renderPanel);
}

function changed(label, renderPanel) {
  state.dirty = true;
  if (state.selection && state.selection.kind !== 'new-fiber' && !exists(state.selection)) state.selection = null;
  sync();
  scheduleValidate();
  updateButtons();
  if (renderPanel) renderProps();
  status(label);
}

function exists(sel) {
  const list = sel.kind === 'site' ? state.doc.sites : sel.kind === 'fiber' ? state.doc.fibers : [];
  return list.some((x) => x.id === sel.id);
}

function undo() {
  if (!state.undo.length) return;
  state.redo.push(JSON.stringify(state.doc));
  state.doc = JSON.parse(state.undo.pop());
  changed('Undone', true);
}

function redo() {
  if (!state.redo.length) return;
  state.undo.push(JSON.stringify(state.doc));
  state.doc = JSON.parse(state.redo.pop());
  changed('Redone', true);
}

function updateButtons() {
  $('#btn-undo').disabled = state.undo.length === 0;
  $('#btn-redo').disabled = state.redo.length === 0;
  $('#btn-delete').disabled = !state.selection || state.selection.kind === 'new-fiber';
  $('#btn-save').textContent = state.dirty ? 'Save •' : 'Save';
}

/** Removes nodes and everything that needs them: their fibres, transponders on removed ROADMs, span device references. */
function removeNodes(doc, ids) {
  for (const n of doc.nodes) if (n.kind === 'transponder' && ids.has(n.attachedRoadm)) ids.add(n.id);
  doc.nodes = doc.nodes.filter((n) => !ids.has(n.id));
  removeFibers(doc, new Set(doc.fibers.filter((f) => ids.has(f.source) || ids.has(f.destination)).map((f) => f.id)));
  for (const f of doc.fibers) for (const s of f.spans) if (s.amplifier?.device && ids.has(s.amplifier.device)) delete s.amplifier.device;
}

function removeFibers(doc, ids) {
  doc.fibers = doc.fibers.filter((f) => !ids.has(f.id));
  for (const f of doc.fibers) if (ids.has(f.reverse)) delete f.reverse;
}

function deleteSelection() {
  const sel = state.selection;
  if (!sel) return;
  if (sel.kind === 'site') {
    edit(`Deleted site ${sel.id}`, (doc) => {
      removeNodes(doc, new Set(doc.nodes.filter((n) => n.site === sel.id).map((n) => n.id)));
      doc.sites = doc.sites.filter((s) => s.id !== sel.id);
    });
  } else if (sel.kind === 'fiber') {
    edit(`Deleted fibre ${sel.id}`, (doc) => removeFibers(doc, new Set([sel.id])));
  }
  select(null);
}

function firstType(list, preferred) {
  const ids = (state.equipment?.[list] ?? []).map((t) => t.id);
  return ids.includes(preferred) ? preferred : ids[0] ?? preferred;
}

function addSite() {
  if (!state.doc) return;
  const ext = cy.extent();
  const ll = M.unproject(state.proj, (ext.x1 + ext.x2) / 2, (ext.y1 + ext.y2) / 2);
  const near = state.selection?.kind === 'site' ? state.doc.sites.find((s) => s.id === state.selection.id) : state.doc.sites.find((s) => s.tier !== 'amplifier-hut');
  const id = M.freshId(state.doc.sites, 'NEW-SITE');
  edit(`Added site ${id}`, (doc) => {
    doc.sites.push({
      id, name: id, tier: 'telco-edge', jurisdiction: near?.jurisdiction ?? 'US', latitude: ll.lat, longitude: ll.lon,
      electricityPricePerKwh: near?.electricityPricePerKwh ?? 0, carbonIntensityGramsPerKwh: near?.carbonIntensityGramsPerKwh ?? 0,
    });
    doc.nodes.push({ id: M.freshId(doc.nodes, `${id}-ROADM`), kind: 'roadm', site: id, type: firstType('roadmTypes', 'roadm-cdc'), degrees: 2, addDropGroups: 1 });
  }, { renderPanel: false });
  select({ kind: 'site', id }, { center: false });
  $('#pane-props [data-bind="site:name"]')?.focus();
}

function addNode(siteId, kind) {
  const base = { roadm: 'ROADM', transponder: 'TRX', amplifier: 'AMP' }[kind];
  edit(`Added ${kind} to ${siteId}`, (doc) => {
    const id = M.freshId(doc.nodes, `${siteId}-${base}`);
    if (kind === 'roadm') doc.nodes.push({ id, kind, site: siteId, type: firstType('roadmTypes', 'roadm-cdc'), degrees: 2, addDropGroups: 1 });
    if (kind === 'amplifier') doc.nodes.push({ id, kind, site: siteId, type: firstType('amplifiers', 'edfa-inline-vg') });
    if (kind === 'transponder') {
      const roadm = doc.nodes.find((n) => n.kind === 'roadm' && n.site === siteId) ?? doc.nodes.find((n) => n.kind === 'roadm');
      doc.nodes.push({ id, kind, site: siteId, type: firstType('transceivers', 'coherent-800g'), attachedRoadm: roadm?.id ?? '', interfaces: 16 });
    }
  });
}

const haversineKm = (a, b) => {
  const r = Math.PI / 180;
  const h = Math.sin(((b.latitude - a.latitude) * r) / 2) ** 2 +
    Math.cos(a.latitude * r) * Math.cos(b.latitude * r) * Math.sin(((b.longitude - a.longitude) * r) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
};

function spansFor(lengthKm, fiberType) {
  const count = lengthKm > 0 ? Math.ceil(lengthKm / 80) : 1;
  const each = M.round(lengthKm / count, 1);
  const inline = firstType('amplifiers', 'edfa-inline-vg'), pre = firstType('amplifiers', 'edfa-preamp-vg');
  return Array.from({ length: count }, (_, i) => ({
    lengthKm: each, fiberType, connectorInDb: 0.5, connectorOutDb: 0.5,
    ...(inline || pre ? { amplifier: { type: i === count - 1 ? pre : inline } } : {}),
  }));
}

function addFiber({ from, to, lengthKm, fiberType, duplex }) {
  const roadmOf = (site) => state.doc.nodes.find((n) => n.kind === 'roadm' && n.site === site);
  const a = roadmOf(from), b = roadmOf(to);
  if (!a || !b) { status(`Both sites need a ROADM (${!a ? from : to} has none)`, true); return; }
  if (from === to) { status('A fibre joins two different sites', true); return; }
  let id;
  edit(`Added fibre ${from} → ${to}`, (doc) => {
    id = M.freshId(doc.fibers, `${from}-${to}`);
    const rid = duplex ? M.freshId(doc.fibers.concat([{ id }]), `${to}-${from}`) : null;
    const spans = spansFor(lengthKm, fiberType);
    doc.fibers.push({ id, name: `${from} to ${to}`, source: a.id, destination: b.id, ...(rid ? { reverse: rid } : {}), srlgs: [`duct-${from}-${to}`], spans });
    if (rid) {
      doc.fibers.push({ id: rid, name: `${to} to ${from}`, source: b.id, destination: a.id, reverse: id, srlgs: [`duct-${from}-${to}`], spans: structuredClone(spans).reverse() });
    }
    // A ROADM needs a degree per neighbour: grow it rather than leave a warning to chase.
    for (const r of [a.id, b.id]) {
      const node = doc.nodes.find((n) => n.id === r);
      const neighbours = new Set(doc.fibers.flatMap((f) => (f.source === r ? [f.destination] : f.destination === r ? [f.source] : [])));
      if (node && (node.degrees ?? 0) < neighbours.size) node.degrees = neighbours.size;
    }
  }, { renderPanel: false });
  select({ kind: 'fiber', id });
}

// ---------------------------------------------------------------- validation

let validateTimer = 0;
function scheduleValidate(delay = 300) {
  clearTimeout(validateTimer);
  document.body.dataset.validation = 'pending';
  validateTimer = setTimeout(validate, delay);
}

async function validate() {
  if (!state.doc || !apiKey.get()) return;
  const seq = ++state.validateSeq;
  const ids = M.idLists(state.doc);
  const body = state.equipment ? { network: state.doc, equipment: state.equipment } : state.doc;
  try {
    const report = await api('POST', '/topology/validate', body);
    if (seq !== state.validateSeq) return;
    state.validation = report;
    state.validationIds = ids;
  } catch (e) {
    if (seq !== state.validateSeq) return;
    handleError('Validation failed', e);
    return;
  }
  document.body.dataset.validation = state.validation.valid ? 'valid' : 'invalid';
  decorate();
  renderValidation();
  renderFieldErrors();
}

function renderValidation() {
  const v = state.validation;
  const count = $('#valid-count');
  if (!v) { count.textContent = '–'; count.className = 'count'; $('#pane-valid').innerHTML = '<p class="hint">Not validated yet.</p>'; return; }
  count.textContent = String(v.errors.length);
  count.className = `count ${v.errors.length ? 'bad' : 'good'}`;
  const item = (e, cls) => {
    const t = M.elementOfPath(e.path, state.validationIds);
    const go = t ? `<button data-go-kind="${t.kind === 'fiber' ? 'fiber' : 'site'}" data-go-id="${esc(t.kind === 'node' ? t.site : t.id)}">show</button>` : '';
    return `<li class="${cls}"><strong>${esc(e.code)}</strong> ${esc(e.message)} ${go}<br /><code>${esc(e.path)}</code></li>`;
  };
  $('#pane-valid').innerHTML = `
    <h2>${v.valid ? 'Valid' : `${v.errors.length} error(s)`}, ${v.warnings.length} warning(s)</h2>
    <p class="hint">Checked by the server's validator on every change. Errors are also shown on the map next to their element.</p>
    <ul class="issues">${v.errors.map((e) => item(e, 'error')).join('')}${v.warnings.map((e) => item(e, 'warning')).join('')}</ul>`;
}

$('#pane-valid').addEventListener('click', (e) => {
  const b = e.target.closest('button[data-go-kind]');
  if (b) { select({ kind: b.dataset.goKind, id: b.dataset.goId }); showTab('props'); }
});

/** Marks the inputs of the open panel whose JSONPath has an error, with the message under the field. */
function renderFieldErrors() {
  const pane = $('#pane-props');
  const sel = state.selection;
  const errors = sel ? errorsByElement().get(`${sel.kind}:${sel.id}`) ?? [] : [];
  const byKey = new Map();
  for (const e of errors) {
    const t = e.target;
    const key = t.kind === 'node' ? `node:${t.id}.${t.field}` : t.span !== undefined ? `spans[${t.span}].${t.field}` : t.field;
    byKey.set(key, e.message);
  }
  const matched = new Set();
  pane.querySelectorAll('[data-err]').forEach((input) => {
    const msg = byKey.get(input.dataset.err);
    input.setAttribute('aria-invalid', msg ? 'true' : 'false');
    const slot = pane.querySelector(`.field-error[data-for="${CSS.escape(input.dataset.err)}"]`);
    if (slot) slot.textContent = msg ?? '';
    if (msg) matched.add(input.dataset.err);
  });
  const list = pane.querySelector('.inline-errors');
  if (list) {
    const rest = errors.filter((e) => {
      const t = e.target;
      return !matched.has(t.kind === 'node' ? `node:${t.id}.${t.field}` : t.span !== undefined ? `spans[${t.span}].${t.field}` : t.field);
    });
    list.innerHTML = rest.length ? `<ul class="issues">${rest.map((e) => `<li><strong>${esc(e.code)}</strong> ${esc(e.message)}<br /><code>${esc(e.path)}</code></li>`).join('')}</ul>` : '';
  }
}

// ---------------------------------------------------------------- selection and the properties panel

function select(sel, { center = true } = {}) {
  state.selection = sel;
  const ele = selectedElement();
  cy.elements(':selected').unselect();
  if (ele) {
    ele.select();
    if (center) { state.fitted = false; cy.center(ele); }
  }
  renderProps();
  updateButtons();
  if (sel && activeTab() !== 'props') showTab('props');
}

/** A bound input: reads from and writes to a field of the element found by `find` at change time (ids survive undo). */
function input(label, bind, value, { type = 'text', list, options, err, readOnly, placeholder, step } = {}) {
  const id = `f-${bind.replace(/[^a-z0-9]/gi, '-')}-${Math.random().toString(36).slice(2, 7)}`;
  const attrs = `id="${id}" data-bind="${esc(bind)}" ${err ? `data-err="${esc(err)}"` : ''} ${readOnly ? 'readonly' : ''} ${placeholder ? `placeholder="${esc(placeholder)}"` : ''}`;
  let control;
  if (options) {
    control = `<select ${attrs} data-type="${type}">${options.map((o) => `<option ${o === value ? 'selected' : ''}>${esc(o)}</option>`).join('')}</select>`;
  } else {
    control = `<input ${attrs} type="${type === 'number' ? 'number' : 'text'}" data-type="${type}" ${type === 'number' ? `step="${step ?? 'any'}"` : ''} ${list ? `list="${list}"` : ''} value="${esc(Array.isArray(value) ? value.join(', ') : value)}" />`;
  }
  return `<label for="${id}">${esc(label)}</label>${control}${err ? `<div class="field-error" data-for="${esc(err)}"></div>` : ''}`;
}

function parseValue(el) {
  const raw = el.value.trim();
  if (el.dataset.type === 'number') return raw === '' ? undefined : Number.isFinite(Number(raw)) ? Number(raw) : raw;
  if (el.dataset.type === 'list') return raw === '' ? undefined : raw.split(/[\s,]+/).filter(Boolean);
  return raw === '' ? undefined : raw;
}

function setPath(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] ??= {};
  const last = keys[keys.length - 1];
  if (value === undefined) delete o[last]; else o[last] = value;
}

function renderProps() {
  const pane = $('#pane-props');
  const sel = state.selection;
  if (!state.doc) { pane.innerHTML = '<p class="hint">Load a network from the server, open a file or import one.</p>'; return; }
  if (!sel) { pane.innerHTML = overviewHtml(); return; }
  if (sel.kind === 'site') pane.innerHTML = siteHtml(state.doc.sites.find((s) => s.id === sel.id));
  else if (sel.kind === 'fiber') pane.innerHTML = fiberHtml(state.doc.fibers.find((f) => f.id === sel.id));
  else if (sel.kind === 'new-fiber') pane.innerHTML = newFiberHtml(sel);
  renderFieldErrors();
}

function overviewHtml() {
  const d = state.doc;
  const real = d.sites.filter((s) => s.tier !== 'amplifier-hut').length;
  return `<h2>${esc(d.name)}</h2><p>${esc(d.description ?? '')}</p>
    <div class="fields">
      <label>Source</label><span>${esc(state.source)}${state.serverVersion != null ? ` (server version ${state.serverVersion})` : ''}</span>
      <label>Sites</label><span>${real} + ${d.sites.length - real} amplifier huts</span>
      <label>Nodes</label><span>${d.nodes.length}</span>
      <label>Fibres</label><span>${d.fibers.length} (${fmt(d.fibers.reduce((a, f) => a + M.fiberLength(f), 0), 0)} km)</span>
      ${state.loadMs != null ? `<label>Load to interactive</label><span>${fmt(state.loadMs, 0)} ms</span>` : ''}
    </div>
    <h3>Keyboard</h3>
    <p class="hint">Tab to the map, then <kbd>[</kbd>/<kbd>]</kbd> step through sites, arrow keys move the selected site (Shift: ×10),
    <kbd>Delete</kbd> removes it, <kbd>Esc</kbd> clears, <kbd>+</kbd>/<kbd>-</kbd> zoom and <kbd>0</kbd> fits the network (as <b>Fit</b> does).
    <kbd>/</kbd> searches, <kbd>Ctrl+Z</kbd>/<kbd>Ctrl+Y</kbd> undo and redo. A site whose name does not fit shows its id, or
    nothing until you zoom in; point at it for the full name.</p>`;
}

function typeList(kind) {
  return { roadm: 'dl-roadm', transponder: 'dl-trx', amplifier: 'dl-amp' }[kind];
}

function siteHtml(site) {
  if (!site) return '';
  const nodes = state.doc.nodes.filter((n) => n.site === site.id);
  const roadms = state.doc.nodes.filter((n) => n.kind === 'roadm').map((n) => n.id);
  const nodeIds = new Set(nodes.map((n) => n.id));
  const fibers = state.doc.fibers.filter((f) => nodeIds.has(f.source) || nodeIds.has(f.destination));
  const card = (n) => `
    <div class="node-card" data-node="${esc(n.id)}">
      <header><span>${esc(n.kind)} · ${esc(n.id)}</span><button data-action="delete-node" data-id="${esc(n.id)}" aria-label="Delete ${esc(n.kind)} ${esc(n.id)}">Delete</button></header>
      <div class="fields">
        ${input('Name', `node:${n.id}:name`, n.name ?? '', { err: `node:${n.id}.name`, placeholder: n.id })}
        ${input('Type', `node:${n.id}:type`, n.type ?? '', { list: typeList(n.kind), err: `node:${n.id}.type` })}
        ${n.kind === 'roadm' ? input('Degrees', `node:${n.id}:degrees`, n.degrees ?? '', { type: 'number', err: `node:${n.id}.degrees`, step: 1 }) +
          input('Add/drop groups', `node:${n.id}:addDropGroups`, n.addDropGroups ?? '', { type: 'number', err: `node:${n.id}.addDropGroups`, step: 1 }) : ''}
        ${n.kind === 'transponder' ? input('Attached ROADM', `node:${n.id}:attachedRoadm`, n.attachedRoadm ?? '', { options: roadms, err: `node:${n.id}.attachedRoadm` }) +
          input('Interfaces', `node:${n.id}:interfaces`, n.interfaces ?? '', { type: 'number', err: `node:${n.id}.interfaces`, step: 1 }) : ''}
      </div>
    </div>`;
  return `
    <h2>Site ${esc(site.id)}</h2>
    <div class="inline-errors"></div>
    <div class="fields">
      ${input('Id', 'site:id', site.id, { err: 'id' })}
      ${input('Name', 'site:name', site.name ?? '', { err: 'name' })}
      ${input('Tier', 'site:tier', site.tier, { options: M.TIERS.includes(site.tier) ? M.TIERS : [site.tier, ...M.TIERS], err: 'tier' })}
      ${input('Jurisdiction', 'site:jurisdiction', site.jurisdiction ?? '', { err: 'jurisdiction', placeholder: 'DE, DE-BY, US-CA' })}
      ${input('Latitude °', 'site:latitude', site.latitude ?? '', { type: 'number', err: 'latitude' })}
      ${input('Longitude °', 'site:longitude', site.longitude ?? '', { type: 'number', err: 'longitude' })}
      ${input(`Energy price ${state.doc.currency ?? ''}/kWh`, 'site:electricityPricePerKwh', site.electricityPricePerKwh ?? '', { type: 'number', err: 'electricityPricePerKwh' })}
      ${input('Carbon gCO₂e/kWh', 'site:carbonIntensityGramsPerKwh', site.carbonIntensityGramsPerKwh ?? '', { type: 'number', err: 'carbonIntensityGramsPerKwh' })}
    </div>
    <h3>Nodes (${nodes.length})</h3>
    ${nodes.map(card).join('')}
    <div class="actions">
      <button data-action="add-node" data-kind="roadm">+ ROADM</button>
      <button data-action="add-node" data-kind="transponder">+ Transponder</button>
      <button data-action="add-node" data-kind="amplifier">+ Amplifier</button>
    </div>
    <h3>Fibres (${fibers.length})</h3>
    <div class="actions">${fibers.map((f) => `<button data-action="go-fiber" data-id="${esc(f.id)}">${esc(f.id)}</button>`).join('')}</div>
    <div class="actions">
      <button data-action="fiber-from" data-id="${esc(site.id)}">+ Fibre from here</button>
      <button data-action="path-from" data-id="${esc(site.id)}">Path from here</button>
      <button data-action="delete">Delete site</button>
    </div>`;
}

function fiberHtml(f) {
  if (!f) return '';
  const idx = M.indexes(state.doc);
  const u = state.utilisation.get(f.id);
  const spans = f.spans.map((s, i) => `
    <tr data-span="${i}">
      <td>${i + 1}</td>
      <td><input aria-label="Span ${i + 1} length km" data-bind="span:${i}:lengthKm" data-type="number" data-err="spans[${i}].lengthKm" type="number" step="any" value="${esc(s.lengthKm)}" /></td>
      <td><input aria-label="Span ${i + 1} fibre type" data-bind="span:${i}:fiberType" data-type="text" data-err="spans[${i}].fiberType" list="dl-fiber" value="${esc(s.fiberType)}" /></td>
      <td><input aria-label="Span ${i + 1} loss dB/km" data-bind="span:${i}:lossDbPerKm" data-type="number" data-err="spans[${i}].lossDbPerKm" type="number" step="any" placeholder="type" value="${esc(s.lossDbPerKm ?? '')}" /></td>
      <td><input aria-label="Span ${i + 1} connector loss in dB" data-bind="span:${i}:connectorInDb" data-type="number" data-err="spans[${i}].connectorInDb" type="number" step="any" value="${esc(s.connectorInDb ?? '')}" /></td>
      <td><input aria-label="Span ${i + 1} connector loss out dB" data-bind="span:${i}:connectorOutDb" data-type="number" data-err="spans[${i}].connectorOutDb" type="number" step="any" value="${esc(s.connectorOutDb ?? '')}" /></td>
      <td><input aria-label="Span ${i + 1} amplifier type" data-bind="span:${i}:amplifier.type" data-type="text" data-err="spans[${i}].amplifier.type" list="dl-amp" placeholder="none" value="${esc(s.amplifier?.type ?? '')}" /></td>
      <td><button data-action="remove-span" data-index="${i}" aria-label="Remove span ${i + 1}">✕</button></td>
    </tr>
    <tr class="span-errors"><td></td><td colspan="7">${['lengthKm', 'fiberType', 'lossDbPerKm', 'connectorInDb', 'connectorOutDb', 'amplifier.type'].map((k) => `<div class="field-error" data-for="spans[${i}].${k}"></div>`).join('')}</td></tr>`).join('');
  return `
    <h2>Fibre ${esc(f.id)}</h2>
    <div class="inline-errors"></div>
    <div class="fields">
      <label>From → to</label><span>${esc(f.source)} (${esc(idx.nodes.get(f.source)?.site ?? '?')}) → ${esc(f.destination)} (${esc(idx.nodes.get(f.destination)?.site ?? '?')})</span>
      <label>Length</label><span>${fmt(M.fiberLength(f))} km in ${f.spans.length} span(s)</span>
      <label>Utilisation</label><span>${u ? `${fmt(u.utilisation * 100)} % (${u.occupiedSlots}/${u.slotCount} slots)${u.up ? '' : ', DOWN'}` : 'not on the server'}</span>
      ${input('Name', 'fiber:name', f.name ?? '', { err: 'name' })}
      ${input('SRLGs', 'fiber:srlgs', f.srlgs ?? [], { type: 'list', err: 'srlgs', placeholder: 'duct-A-B, bridge-7' })}
      ${input('Jurisdictions', 'fiber:jurisdictions', f.jurisdictions ?? [], { type: 'list', err: 'jurisdictions', placeholder: M.fiberJurisdictions(state.doc, idx, f).join(', ') })}
      ${input('Guard band slots', 'fiber:guardBandSlots', f.guardBandSlots ?? '', { type: 'number', err: 'guardBandSlots', step: 1 })}
      <label>Reverse</label><span>${f.reverse ? `<button data-action="go-fiber" data-id="${esc(f.reverse)}">${esc(f.reverse)}</button>` : 'none'}</span>
    </div>
    <h3>Spans</h3>
    <table class="spans"><thead><tr><th>#</th><th>km</th><th>type</th><th>dB/km</th><th>in dB</th><th>out dB</th><th>amplifier</th><th></th></tr></thead><tbody>${spans}</tbody></table>
    <div class="actions"><button data-action="add-span">+ Span</button></div>
    <h3>Spectrum</h3>
    <div class="spectrum" id="spectrum"><button data-action="spectrum" data-id="${esc(f.id)}">Show spectrum occupancy</button></div>
    <div class="actions"><button data-action="delete">Delete fibre</button>${f.reverse ? '<button data-action="delete-both">Delete both directions</button>' : ''}</div>`;
}

function siteOptions(selected) {
  return state.doc.sites
    .filter((s) => s.tier !== 'amplifier-hut')
    .slice()
    .sort((a, b) => (a.name || a.id).localeCompare(b.name || b.id))
    .map((s) => `<option value="${esc(s.id)}" ${s.id === selected ? 'selected' : ''}>${esc(s.name || s.id)} (${esc(s.id)})</option>`)
    .join('');
}

function newFiberHtml(sel) {
  return `
    <h2>New fibre</h2>
    <form id="form-fiber" class="fields">
      <label for="nf-from">From site</label><select id="nf-from">${siteOptions(sel.from)}</select>
      <label for="nf-to">To site</label><select id="nf-to"><option value="">–</option>${siteOptions(sel.to)}</select>
      <label for="nf-length">Length km</label><input id="nf-length" type="number" step="any" placeholder="great circle × 1.2" />
      <label for="nf-type">Fibre type</label><input id="nf-type" list="dl-fiber" value="${esc(firstType('fiberTypes', 'SSMF'))}" />
      <label for="nf-duplex">Both directions</label><input id="nf-duplex" type="checkbox" checked />
      <span></span><div class="actions"><button type="submit" class="primary" id="nf-create">Create fibre</button><button type="button" data-action="cancel">Cancel</button></div>
    </form>
    <p class="hint">Joins the first ROADM of each site; spans of at most 80 km, each ending in an amplifier.</p>`;
}

const pane = $('#pane-props');
pane.addEventListener('change', (e) => {
  const el = e.target;
  const bind = el.dataset?.bind;
  if (!bind || !state.selection) return;
  const value = parseValue(el);
  const sel = state.selection;
  const [scope, a, b] = bind.split(':');
  if (scope === 'site' && a === 'id') { renameSite(sel.id, value); return; }
  edit(`Edited ${sel.id}: ${scope === 'span' ? `span ${Number(a) + 1} ${b}` : b ?? a}`, (doc) => {
    if (scope === 'site') setPath(doc.sites.find((s) => s.id === sel.id), a, value);
    if (scope === 'fiber') setPath(doc.fibers.find((f) => f.id === sel.id), a, value);
    if (scope === 'node') setPath(doc.nodes.find((n) => n.id === a), b, value);
    if (scope === 'span') {
      const span = doc.fibers.find((f) => f.id === sel.id)?.spans[Number(a)];
      if (span) {
        setPath(span, b, value);
        if (span.amplifier && span.amplifier.type === undefined) delete span.amplifier;
      }
    }
  }, { renderPanel: false });
});

function renameSite(from, to) {
  if (!to || to === from) return;
  if (state.doc.sites.some((s) => s.id === to)) { status(`A site '${to}' already exists`, true); renderProps(); return; }
  edit(`Renamed site ${from} to ${to}`, (doc) => {
    doc.sites.find((s) => s.id === from).id = to;
    for (const n of doc.nodes) if (n.site === from) n.site = to;
  }, { renderPanel: false });
  select({ kind: 'site', id: to }, { center: false });
}

pane.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-action]');
  if (!b) return;
  const sel = state.selection;
  switch (b.dataset.action) {
    case 'delete': deleteSelection(); break;
    case 'delete-both': {
      const f = state.doc.fibers.find((x) => x.id === sel.id);
      edit(`Deleted fibres ${sel.id} and ${f.reverse}`, (doc) => removeFibers(doc, new Set([sel.id, f.reverse])));
      select(null);
      break;
    }
    case 'add-node': addNode(sel.id, b.dataset.kind); break;
    case 'delete-node': edit(`Deleted node ${b.dataset.id}`, (doc) => removeNodes(doc, new Set([b.dataset.id]))); break;
    case 'go-fiber': select({ kind: 'fiber', id: b.dataset.id }); break;
    case 'fiber-from': select({ kind: 'new-fiber', from: b.dataset.id }); break;
    case 'path-from': showTab('path'); $('#path-from').value = b.dataset.id; break;
    case 'add-span': edit(`Added a span to ${sel.id}`, (doc) => {
      const f = doc.fibers.find((x) => x.id === sel.id);
      const last = f.spans[f.spans.length - 1];
      f.spans.push(last ? structuredClone(last) : spansFor(80, firstType('fiberTypes', 'SSMF'))[0]);
    }); break;
    case 'remove-span': edit(`Removed span ${Number(b.dataset.index) + 1} of ${sel.id}`, (doc) => {
      doc.fibers.find((x) => x.id === sel.id).spans.splice(Number(b.dataset.index), 1);
    }); break;
    case 'spectrum': showSpectrum(b.dataset.id); break;
    case 'cancel': select(null); break;
    default: break;
  }
});

pane.addEventListener('submit', (e) => {
  if (e.target.id !== 'form-fiber') return;
  e.preventDefault();
  const from = $('#nf-from').value, to = $('#nf-to').value;
  if (!to) { status('Choose the site the fibre goes to', true); $('#nf-to').focus(); return; }
  const a = state.doc.sites.find((s) => s.id === from), b = state.doc.sites.find((s) => s.id === to);
  const given = $('#nf-length').value.trim();
  const lengthKm = given === '' ? M.round(haversineKm(a, b) * 1.2, 1) : Number(given);
  addFiber({ from, to, lengthKm, fiberType: $('#nf-type').value.trim() || 'SSMF', duplex: $('#nf-duplex').checked });
});

async function showSpectrum(id) {
  const host = $('#spectrum');
  host.innerHTML = '<p class="hint">Loading…</p>';
  try {
    const s = await api('GET', `/fibers/${encodeURIComponent(id)}/spectrum`);
    const colour = (status) => (/hold/i.test(status) ? '#e69100' : '#1456b8');
    const rects = s.claims.map((c) => `<rect x="${c.slotStart}" y="0" width="${c.slotCount}" height="10" fill="${colour(c.status)}"><title>${esc(c.lightpath)}: slots ${c.slotStart}–${c.slotStart + c.slotCount - 1}, ${fmt(c.centreThz, 4)} THz, ${esc(c.status)}</title></rect>`).join('');
    const last = s.firstSlotThz + (s.slotCount * s.slotWidthGhz) / 1000;
    host.innerHTML = `
      <svg viewBox="0 0 ${s.slotCount} 10" preserveAspectRatio="none" role="img" aria-label="Spectrum of ${esc(id)}: ${s.occupiedSlots} of ${s.slotCount} slots occupied">${rects}</svg>
      <div class="fields"><label>Band</label><span>${fmt(s.firstSlotThz, 3)}–${fmt(last, 3)} THz, ${s.slotCount} × ${s.slotWidthGhz} GHz</span>
      <label>Occupied</label><span data-testid="spectrum-occupied">${s.occupiedSlots} slots (${fmt(s.utilisation * 100)} %)${s.up ? '' : ', fibre DOWN'}</span></div>
      ${s.claims.length ? `<table><thead><tr><th>lightpath</th><th>slots</th><th>THz</th><th>status</th></tr></thead><tbody>${s.claims.map((c) => `<tr><td>${esc(c.lightpath)}</td><td>${c.slotStart}+${c.slotCount}</td><td>${fmt(c.centreThz, 4)}</td><td>${esc(c.status)}</td></tr>`).join('')}</tbody></table>` : '<p class="hint">No channel on this fibre.</p>'}`;
  } catch (e) {
    host.innerHTML = `<p class="hint">${esc(e instanceof ApiError && e.status === 404 ? 'This fibre is not in the server\'s topology (save first).' : e.message)}</p>`;
  }
}

// ---------------------------------------------------------------- path computation

function renderPathPane() {
  const p = $('#pane-path');
  if (!state.doc) { p.innerHTML = '<p class="hint">Load a network first.</p>'; return; }
  const req = state.path?.request ?? {};
  p.innerHTML = `
    <h2>Compute a path</h2>
    <p class="hint">Computed by the server on its saved topology${state.serverVersion != null ? ` (version ${state.serverVersion})` : ''}; nothing is reserved.
    With this tab open, clicking a site on the map picks it.</p>
    <form id="form-path" class="fields">
      <label for="path-from">From</label><select id="path-from"><option value="">–</option>${siteOptions(req.source)}</select>
      <label for="path-to">To</label><select id="path-to"><option value="">–</option>${siteOptions(req.destination)}</select>
      <label for="path-rate">Rate Gb/s</label><select id="path-rate">${[100, 200, 400, 800].map((r) => `<option ${r === (req.rateGbps ?? 400) ? 'selected' : ''}>${r}</option>`).join('')}</select>
      <label for="path-latency">Max latency µs</label><input id="path-latency" type="number" step="any" min="0" value="${esc(req.constraints?.maxLatencyUs ?? '')}" placeholder="any" />
      <label for="path-juris">Allowed jurisdictions</label><input id="path-juris" value="${esc((req.constraints?.allowedJurisdictions ?? []).join(', '))}" placeholder="any, e.g. DE, FR" />
      <label for="path-k">Candidates</label><input id="path-k" type="number" min="1" max="16" step="1" value="${esc(req.maxCandidates ?? 5)}" />
      <span></span><div class="actions"><button type="submit" class="primary" id="path-compute">Compute</button><button type="button" id="path-clear">Clear</button></div>
    </form>
    <div id="path-result">${pathResultHtml()}</div>`;
}

function pathResultHtml() {
  const r = state.path?.result;
  if (state.path?.error) return `<p class="status error" role="alert">${esc(state.path.error)}</p>`;
  if (!r) return '';
  const c = r.candidates[state.path.index];
  return `
    <h3>${r.candidates.length} candidate(s)</h3>
    <table role="listbox" aria-label="Candidates" id="candidates">
      <thead><tr><th>#</th><th>µs</th><th>km</th><th>GSNR dB</th><th>margin</th><th>slots</th><th>W</th></tr></thead>
      <tbody>${r.candidates.map((k, i) => `
        <tr class="candidate" role="option" tabindex="0" data-index="${i}" aria-selected="${i === state.path.index}">
          <td>${i + 1}</td><td>${fmt(k.latencyUs)}</td><td>${fmt(k.lengthKm)}</td><td>${fmt(k.gsnrDb)}</td><td>${fmt(k.marginDb)}</td>
          <td>${k.slotStart}+${k.slotCount}</td><td>${fmt(k.powerW, 0)}</td></tr>`).join('')}</tbody>
    </table>
    ${c ? `<p><strong>${esc(c.mode)}</strong> · ${c.lineRateGbps} Gb/s · ${c.hops} hop(s)${c.frequencyThz ? ` · ${fmt(c.frequencyThz, 4)} THz` : ''}</p>
    <p class="hint" id="path-nodes">${c.nodes.map(esc).join(' → ')}</p>` : ''}`;
}

function pickPathSite(id) {
  const from = $('#path-from'), to = $('#path-to');
  if (!from.value || (from.value && to.value)) { from.value = id; to.value = ''; } else to.value = id;
  status(`Path ${from.value || '?'} → ${to.value || '?'}`);
}

$('#pane-path').addEventListener('submit', async (e) => {
  e.preventDefault();
  const list = (v) => v.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);
  const latency = $('#path-latency').value.trim();
  const request = {
    source: $('#path-from').value,
    destination: $('#path-to').value,
    rateGbps: Number($('#path-rate').value),
    maxCandidates: Number($('#path-k').value) || 5,
    constraints: {
      ...(latency ? { maxLatencyUs: Number(latency) } : {}),
      ...(list($('#path-juris').value).length ? { allowedJurisdictions: list($('#path-juris').value) } : {}),
    },
  };
  state.path = { request, result: null, index: 0 };
  $('#path-result').innerHTML = '<p class="hint">Computing…</p>';
  try {
    const result = await api('POST', '/paths/compute', request);
    state.path = { request, result, index: 0 };
    status(`${result.candidates.length} candidate(s) ${request.source} → ${request.destination}`);
  } catch (err) {
    const p = err.problem;
    state.path = { request, result: null, index: 0, error: p ? `${p.title}: ${p.detail}${p.blockReason ? ` (${p.blockReason})` : ''}` : err.message };
    if (err.status === 401) askKey();
  }
  $('#path-result').innerHTML = pathResultHtml();
  decorate();
  fitPath();
});

$('#pane-path').addEventListener('click', (e) => {
  if (e.target.id === 'path-clear') { state.path = null; renderPathPane(); decorate(); return; }
  const row = e.target.closest('tr.candidate');
  if (row) choosePath(Number(row.dataset.index));
});
$('#pane-path').addEventListener('keydown', (e) => {
  const row = e.target.closest('tr.candidate');
  if (!row) return;
  const i = Number(row.dataset.index);
  if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); choosePath(i); }
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    const next = Math.max(0, Math.min(state.path.result.candidates.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)));
    choosePath(next);
  }
});

function choosePath(i) {
  state.path.index = i;
  $('#path-result').innerHTML = pathResultHtml();
  $(`#path-result tr.candidate[data-index="${i}"]`)?.focus();
  decorate();
  fitPath();
}

function fitPath() {
  const on = cy.elements('.path');
  if (on.nonempty()) { state.fitted = false; cy.fit(on, 60); }
}

// ---------------------------------------------------------------- loading, saving, files

function setDocument(network, equipment, source, started, { keepHistory = false } = {}) {
  if (!network || typeof network !== 'object' || !Array.isArray(network.sites)) throw new Error('not a continuum-pce/network@1 document (no sites)');
  if (keepHistory && state.doc) { state.undo.push(JSON.stringify(state.doc)); state.redo = []; } else { state.undo = []; state.redo = []; }
  state.doc = M.normalise(structuredClone(network));
  if (equipment) state.equipment = equipment;
  state.source = source;
  state.proj = M.projectionFor(state.doc.sites);
  state.selection = null;
  state.path = null;
  state.validation = null;
  state.dirty = keepHistory;
  document.body.dataset.ready = '';
  cy.elements().remove();
  sync();
  fitNetwork();
  refreshDatalists();
  renderLegend();
  renderProps();
  renderPathPane();
  renderValidation();
  updateButtons();
  scheduleValidate(0);
  // Interactive once the first frame with the network has been painted.
  requestAnimationFrame(() => requestAnimationFrame(() => {
    state.loadMs = performance.now() - started;
    document.body.dataset.ready = state.doc.name ?? 'network';
    const real = state.doc.sites.filter((s) => s.tier !== 'amplifier-hut').length;
    status(`Loaded ${state.doc.name} from ${source}: ${real} sites, ${state.doc.nodes.length} nodes, ${state.doc.fibers.length} fibres; interactive in ${fmt(state.loadMs, 0)} ms`);
    if (!state.selection) renderProps();
  }));
}

async function loadFromServer() {
  const started = performance.now();
  status('Loading the network from the server…');
  try {
    const topology = await api('GET', '/topology');
    state.serverVersion = topology.version;
    await refreshUtilisation(false);
    setDocument(topology.network, topology.equipment, `the server`, started);
  } catch (e) {
    handleError('Could not load the network', e);
  }
}

async function refreshUtilisation(apply = true) {
  try {
    const fibers = await api('GET', '/fibers');
    state.utilisation = new Map(fibers.map((f) => [f.id, f]));
  } catch {
    state.utilisation = new Map();
  }
  if (apply && state.doc) sync();
}

async function save() {
  if (!state.doc) return;
  const body = state.equipment ? { network: state.doc, equipment: state.equipment } : state.doc;
  status('Saving…');
  try {
    const summary = await api('PUT', '/topology', body);
    state.serverVersion = summary.version;
    state.dirty = false;
    state.source = 'the server';
    updateButtons();
    await refreshUtilisation();
    renderPathPane();
    status(`Saved ${summary.name} as version ${summary.version}: ${summary.sites} sites, ${summary.nodes} nodes, ${summary.fibers} fibres`);
    document.body.dataset.saved = String(summary.version);
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && Array.isArray(e.problem?.errors)) {
      state.validation = { valid: false, errors: e.problem.errors, warnings: [] };
      state.validationIds = M.idLists(state.doc);
      decorate();
      renderValidation();
      renderFieldErrors();
    }
    handleError('Not saved', e);
  }
}

function download() {
  if (!state.doc) return;
  const blob = new Blob([`${JSON.stringify(state.doc, null, 2)}\n`], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${state.doc.name || 'network'}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

$('#file-open').addEventListener('change', async (e) => {
  const file = e.target.files?.[0];
  if (!file) return;
  const started = performance.now();
  try {
    const { network, equipment } = M.parseOpened(await file.text());
    setDocument(network, equipment, file.name, started);
  } catch (err) {
    status(`Could not open ${file.name}: ${err.message}`, true);
  }
  e.target.value = '';
});

$('#import-format').addEventListener('change', () => { $('#import-eqpt-label').hidden = $('#import-format').value !== 'gnpy'; });
$('#form-import').addEventListener('submit', async (e) => {
  if (e.submitter?.value !== 'ok') return;
  const format = $('#import-format').value;
  const file = $('#import-file').files?.[0];
  if (!file) { e.preventDefault(); status('Choose a file to import', true); return; }
  const started = performance.now();
  try {
    const country = $('#import-country').value.trim();
    const query = `?format=${format}&name=${encodeURIComponent(file.name.replace(/\.[^.]+$/, ''))}${country ? `&country=${encodeURIComponent(country)}` : ''}`;
    let result;
    if (format === 'sndlib') {
      result = await api('POST', `/topology/import${query}`, await file.text(), 'text/plain');
    } else {
      const eqpt = $('#import-eqpt').files?.[0];
      if (!eqpt) { status('A GNPy import needs the equipment file too', true); return; }
      result = await api('POST', `/topology/import${query}`, { network: JSON.parse(await file.text()), equipment: JSON.parse(await eqpt.text()) });
    }
    setDocument(result.network, result.equipment, `${file.name} (imported)`, started, { keepHistory: true });
    if (result.warnings?.length) status(`Imported ${file.name} with ${result.warnings.length} warning(s): ${result.warnings[0].message}`);
  } catch (err) {
    const errors = err.problem?.errors;
    handleError(`Could not import ${file.name}`, errors?.length ? new Error(`${errors.length} problem(s), first: ${errors[0].path} ${errors[0].message}`) : err);
  }
});

// ---------------------------------------------------------------- search

const search = $('#search');
const results = $('#search-results');
let matches = [];
let active = 0;

function runSearch() {
  const q = search.value.trim().toLowerCase();
  if (!q || !state.doc) { results.hidden = true; matches = []; return; }
  const hit = (x) => x.id.toLowerCase().includes(q) || (x.name ?? '').toLowerCase().includes(q);
  matches = [
    ...state.doc.sites.filter(hit).map((s) => ({ kind: 'site', id: s.id, label: s.name || s.id, what: s.tier })),
    ...state.doc.nodes.filter(hit).map((n) => ({ kind: 'site', id: n.site, label: n.name || n.id, what: `${n.kind} in ${n.site}` })),
    ...state.doc.fibers.filter(hit).map((f) => ({ kind: 'fiber', id: f.id, label: f.name || f.id, what: 'fibre' })),
  ];
  // Exact ids and names first, then prefixes, then the rest in document order.
  const rank = (m) => (m.id.toLowerCase() === q || m.label.toLowerCase() === q ? 0 : m.id.toLowerCase().startsWith(q) || m.label.toLowerCase().startsWith(q) ? 1 : 2);
  matches = matches.map((m, i) => ({ m, i, r: rank(m) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.m).slice(0, 30);
  active = 0;
  results.innerHTML = matches.length
    ? matches.map((m, i) => `<li role="option" id="sr-${i}" data-i="${i}" aria-selected="${i === active}">${esc(m.label)} <small>${esc(m.what)}</small></li>`).join('')
    : '<li role="option" aria-disabled="true">No match</li>';
  results.hidden = false;
  search.setAttribute('aria-activedescendant', matches.length ? 'sr-0' : '');
}

function chooseMatch(i) {
  const m = matches[i];
  if (!m) return;
  results.hidden = true;
  select({ kind: m.kind, id: m.id });
}

search.addEventListener('input', runSearch);
search.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    if (!matches.length) return;
    active = (active + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length;
    results.querySelectorAll('li').forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    search.setAttribute('aria-activedescendant', `sr-${active}`);
    results.querySelector(`#sr-${active}`)?.scrollIntoView({ block: 'nearest' });
  } else if (e.key === 'Enter') {
    e.preventDefault();
    chooseMatch(active);
  } else if (e.key === 'Escape') {
    results.hidden = true;
  }
});
results.addEventListener('mousedown', (e) => {
  const li = e.target.closest('li[data-i]');
  if (li) { e.preventDefault(); chooseMatch(Number(li.dataset.i)); }
});
search.addEventListener('blur', () => { results.hidden = true; });

// ---------------------------------------------------------------- tabs, legend, keyboard, status

const TABS = ['props', 'valid', 'path'];
const activeTab = () => TABS.find((t) => $(`#tab-${t}`).getAttribute('aria-selected') === 'true');

function showTab(name) {
  for (const t of TABS) {
    const on = t === name;
    $(`#tab-${t}`).setAttribute('aria-selected', String(on));
    $(`#tab-${t}`).tabIndex = on ? 0 : -1;
    $(`#pane-${t}`).hidden = !on;
  }
  if (name === 'path') fitPath();
}

document.querySelector('.tabs').addEventListener('click', (e) => {
  const tab = e.target.closest('[role=tab]');
  if (tab) showTab(tab.id.slice(4));
});
document.querySelector('.tabs').addEventListener('keydown', (e) => {
  if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
  const i = TABS.indexOf(activeTab());
  const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
  showTab(next);
  $(`#tab-${next}`).focus();
});

function renderLegend() {
  const shape = (t) => {
    const s = M.TIER_STYLE[t];
    const paths = {
      'round-rectangle': '<rect x="1" y="1" width="10" height="10" rx="3"/>', hexagon: '<polygon points="3,1 9,1 12,6 9,11 3,11 0,6"/>',
      diamond: '<polygon points="6,0 12,6 6,12 0,6"/>', ellipse: '<circle cx="6" cy="6" r="5"/>', triangle: '<polygon points="6,1 11,11 1,11"/>',
      octagon: '<polygon points="4,1 8,1 11,4 11,8 8,11 4,11 1,8 1,4"/>',
    };
    return `<svg class="shape" viewBox="0 0 12 12" fill="${s.colour}">${paths[s.shape]}</svg>`;
  };
  let colours;
  if (state.colourBy === 'utilisation') {
    colours = [0, 0.25, 0.5, 0.75, 1].map((u) => `<span><i class="sw" style="background:${M.utilisationColour(u)}"></i>${u * 100} %</span>`).join('') +
      `<span><i class="sw" style="background:${M.utilisationColour(NaN)}"></i>not on server</span>`;
  } else {
    const idx = state.doc ? M.indexes(state.doc) : null;
    const countries = new Set(state.doc ? state.doc.fibers.flatMap((f) => M.fiberJurisdictions(state.doc, idx, f).map((j) => j.split('-')[0])) : []);
    colours = [...countries].sort().map((c) => `<span><i class="sw" style="background:${M.jurisdictionColour([c])}"></i>${esc(c)}</span>`).join('') +
      '<span><i class="sw" style="background:#222"></i>cross-border</span>';
  }
  $('#legend').innerHTML = `
    <div class="row">${M.TIERS.map((t) => `<span>${shape(t)}${t}</span>`).join('')}</div>
    <div class="row"><strong>Fibres by ${state.colourBy}:</strong> ${colours}</div>`;
}

$('#btn-legend').addEventListener('click', () => {
  const open = $('#legend').hidden;
  $('#legend').hidden = !open;
  $('#btn-legend').setAttribute('aria-expanded', String(open));
});

$('#colour-by').addEventListener('change', (e) => {
  state.colourBy = e.target.value;
  if (state.doc) sync();
  renderLegend();
});

$('#map').addEventListener('keydown', (e) => {
  if (!state.doc) return;
  const sel = state.selection;
  const sites = state.doc.sites.filter((s) => s.tier !== 'amplifier-hut');
  if (e.key === '[' || e.key === ']') {
    e.preventDefault();
    const i = sel?.kind === 'site' ? sites.findIndex((s) => s.id === sel.id) : -1;
    const next = sites[(i + (e.key === ']' ? 1 : sites.length - 1) + (i < 0 && e.key === '[' ? 1 : 0)) % sites.length];
    if (next) select({ kind: 'site', id: next.id });
    status(next ? `Selected ${next.name || next.id}` : '');
  } else if (e.key.startsWith('Arrow') && sel?.kind === 'site') {
    e.preventDefault();
    const step = e.shiftKey ? 0.5 : 0.05;
    const d = { ArrowUp: [step, 0], ArrowDown: [-step, 0], ArrowLeft: [0, -step], ArrowRight: [0, step] }[e.key];
    edit(`Moved ${sel.id}`, (doc) => {
      const s = doc.sites.find((x) => x.id === sel.id);
      s.latitude = M.round(Number(s.latitude) + d[0], 4);
      s.longitude = M.round(Number(s.longitude) + d[1], 4);
    });
  } else if (e.key === 'Delete' || e.key === 'Backspace') {
    e.preventDefault();
    deleteSelection();
  } else if (e.key === 'Escape') {
    select(null);
  } else if (e.key === '+' || e.key === '=' || e.key === '-') {
    zoomBy(e.key === '-' ? 1 / 1.25 : 1.25);
  } else if (e.key === '0') {
    fitNetwork();
  }
});

document.addEventListener('keydown', (e) => {
  const typing = e.target.closest?.('input, select, textarea');
  if ((e.ctrlKey || e.metaKey) && !typing) {
    if (e.key === 'z' && !e.shiftKey) { e.preventDefault(); undo(); }
    if (e.key === 'y' || (e.key === 'Z' && e.shiftKey) || (e.key === 'z' && e.shiftKey)) { e.preventDefault(); redo(); }
  }
  if (e.key === '/' && !typing) { e.preventDefault(); search.focus(); }
});

function refreshDatalists() {
  let host = $('#datalists');
  if (!host) { host = document.createElement('div'); host.id = 'datalists'; host.hidden = true; document.body.appendChild(host); }
  const ids = (list) => (state.equipment?.[list] ?? []).map((t) => t.id);
  const fromDoc = (kind) => state.doc.nodes.filter((n) => n.kind === kind).map((n) => n.type);
  const spanTypes = state.doc.fibers.flatMap((f) => f.spans.map((s) => s.fiberType));
  const dl = (id, values) => `<datalist id="${id}">${[...new Set(values.filter(Boolean))].map((v) => `<option value="${esc(v)}"></option>`).join('')}</datalist>`;
  host.innerHTML = dl('dl-roadm', [...ids('roadmTypes'), ...fromDoc('roadm')]) + dl('dl-trx', [...ids('transceivers'), ...fromDoc('transponder')]) +
    dl('dl-amp', [...ids('amplifiers'), ...fromDoc('amplifier')]) + dl('dl-fiber', [...ids('fiberTypes'), ...spanTypes]);
}

function status(text, isError = false) {
  const el = $('#status');
  el.textContent = text;
  el.classList.toggle('error', isError);
}

function handleError(what, e) {
  if (e instanceof ApiError && e.status === 401) { status(`${what}: the API key was refused`, true); askKey(); return; }
  if (e instanceof ApiError && e.status === 403) { status(`${what}: this key's role may not do that (saving needs an admin key)`, true); return; }
  status(`${what}: ${e.message}`, true);
}

function askKey() {
  const dlg = $('#dlg-key');
  if (!dlg.open) { $('#key-input').value = ''; dlg.showModal(); }
}

$('#form-key').addEventListener('submit', () => {
  apiKey.set($('#key-input').value);
  if (state.doc) scheduleValidate(0); else loadFromServer();
});

// ---------------------------------------------------------------- toolbar

$('#btn-load').addEventListener('click', () => {
  if (state.dirty && !confirm('Discard the unsaved changes and load the server\'s network?')) return;
  loadFromServer();
});
$('#btn-open').addEventListener('click', () => $('#file-open').click());
$('#btn-import').addEventListener('click', () => $('#dlg-import').showModal());
$('#btn-save').addEventListener('click', save);
$('#btn-download').addEventListener('click', download);
$('#btn-undo').addEventListener('click', undo);
$('#btn-redo').addEventListener('click', redo);
$('#btn-add-site').addEventListener('click', addSite);
$('#btn-add-fiber').addEventListener('click', () => {
  if (!state.doc) return;
  showTab('props');
  select({ kind: 'new-fiber', from: state.selection?.kind === 'site' ? state.selection.id : undefined });
  $('#nf-from')?.focus();
});
$('#btn-delete').addEventListener('click', deleteSelection);
$('#btn-key').addEventListener('click', askKey);
$('#btn-fit').addEventListener('click', fitNetwork);
$('#btn-zoom-in').addEventListener('click', () => zoomBy(1.25));
$('#btn-zoom-out').addEventListener('click', () => zoomBy(1 / 1.25));

window.addEventListener('beforeunload', (e) => { if (state.dirty) e.preventDefault(); });

// For the browser tests and the curious: the map and the state.
window.pceEditor = { cy, state, loadFromServer, select, undo, redo, fitNetwork, viewKey, placeSiteLabels };

renderProps();
renderPathPane();
renderValidation();
renderLegend();
updateButtons();
if (apiKey.get()) loadFromServer(); else { status('Enter an API key to start'); askKey(); }
