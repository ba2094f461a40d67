// Lays the model out with ELK (layered, left to right, ports fixed on their sides) and draws it as SVG. Every drawn
// element names what it is for tests and styles: data-node, data-port, data-edge, data-exported.
import ELK from 'elkjs/lib/elk.bundled.js';
import { portName } from './model.js';

const SVG = 'http://www.w3.org/2000/svg';
const PORT = 10;
const PORT_GAP = 20;
const PORT_TOP = 40;
const elk = new ELK();

function el(name, attributes, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes || {})) {
    e.setAttribute(k, String(v));
  }
  if (parent) {
    parent.appendChild(e);
  }
  return e;
}

function text(parent, x, y, content, cls, anchor) {
  const t = el('text', { x, y, class: cls, 'text-anchor': anchor || 'start' }, parent);
  t.textContent = content;
  return t;
}

const portId = (node, direction, port) => `p\u0000${node}\u0000${direction}\u0000${String(port).toLowerCase()}`;
const width = (...labels) => Math.max(140, ...labels.map((l) => String(l).length * 7 + 40));

export async function layout(model) {
  const children = [];
  const edges = [];
  for (const node of model.nodes.values()) {
    const rows = Math.max(node.inPorts.length, node.outPorts.length, 1);
    const longest = [...node.inPorts, ...node.outPorts].reduce((m, p) => Math.max(m, p.length), 0);
    const w = Math.max(width(node.id, node.component), longest * 12 + 60);
    // Ports at fixed places below the title: ins on the left, outs on the right, one row each.
    const at = (i) => PORT_TOP + i * PORT_GAP;
    children.push({
      id: `n\u0000${node.id}`,
      width: w,
      height: PORT_TOP + rows * PORT_GAP + 14,
      layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
      ports: [
        ...node.inPorts.map((p, i) => ({ id: portId(node.id, 'in', p), width: PORT, height: PORT, x: -PORT / 2, y: at(i), layoutOptions: { 'elk.port.side': 'WEST' } })),
        ...node.outPorts.map((p, i) => ({ id: portId(node.id, 'out', p), width: PORT, height: PORT, x: w - PORT / 2, y: at(i), layoutOptions: { 'elk.port.side': 'EAST' } })),
      ],
    });
  }
  for (const edge of model.edges) {
    edges.push({ id: `e\u0000${edge.id}\u0000${edges.length}`, sources: [portId(edge.src.node, 'out', edge.src.port)], targets: [portId(edge.tgt.node, 'in', edge.tgt.port)] });
  }
  model.iips.forEach((iip, i) => {
    children.push({ id: `i\u0000${i}`, width: width(iip.label) - 30, height: 26, ports: [{ id: `ip\u0000${i}`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST' } }], layoutOptions: { 'elk.portConstraints': 'FIXED_SIDE' } });
    edges.push({ id: `e\u0000${iip.id}\u0000${edges.length}`, sources: [`ip\u0000${i}`], targets: [portId(iip.tgt.node, 'in', iip.tgt.port)] });
  });
  model.exported.forEach((x, i) => {
    const side = x.direction === 'in' ? 'EAST' : 'WEST';
    children.push({ id: `x\u0000${i}`, width: width(x.name) - 40, height: 28, ports: [{ id: `xp\u0000${i}`, width: 1, height: 1, layoutOptions: { 'elk.port.side': side } }], layoutOptions: { 'elk.portConstraints': 'FIXED_SIDE' } });
    const inner = portId(x.node, x.direction, x.port);
    edges.push(x.direction === 'in'
      ? { id: `x\u0000${i}\u0000${edges.length}`, sources: [`xp\u0000${i}`], targets: [inner] }
      : { id: `x\u0000${i}\u0000${edges.length}`, sources: [inner], targets: [`xp\u0000${i}`] });
  });
  return elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '120',
      'elk.spacing.nodeNode': '36',
      'elk.spacing.edgeNode': '20',
      'elk.padding': '[top=30,left=30,bottom=30,right=30]',
    },
    children,
    edges,
  });
}

function route(section) {
  const points = [section.startPoint, ...(section.bendPoints || []), section.endPoint];
  return points;
}

// The middle of the longest horizontal segment (the last of equals: nearest the target), else of the longest one:
// where an edge's rate and queue go, clear of the port names beside the nodes.
function labelPoint(points) {
  let best = null;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const horizontal = Math.abs(b.y - a.y) < 1;
    const length = Math.abs(b.x - a.x) + Math.abs(b.y - a.y) + (horizontal ? 100000 : 0);
    if (!best || length >= best.length) {
      best = { length, x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
  }
  return best || points[0];
}

export function draw(svg, model, laid) {
  svg.replaceChildren();
  svg.setAttribute('width', Math.ceil(laid.width || 400));
  svg.setAttribute('height', Math.ceil(laid.height || 300));
  el('defs', {}, svg).innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#64748b"/></marker>';
  const edgeLayer = el('g', { class: 'edges' }, svg);
  const nodeLayer = el('g', { class: 'nodes' }, svg);
  const byId = new Map(laid.children.map((c) => [c.id, c]));
  const graphEdges = model.edges;

  for (const laidEdge of laid.edges) {
    const i = Number(laidEdge.id.split('\u0000').pop()); // the edge's place in the list given to ELK
    if (!laidEdge.sections || laidEdge.sections.length === 0) {
      continue;
    }
    const points = route(laidEdge.sections[0]);
    const d = points.map((p, k) => `${k === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
    let attributes;
    if (i < graphEdges.length) {
      const e = graphEdges[i];
      attributes = { class: 'edge', 'data-edge': e.id, 'data-src': `${e.src.node}.${e.src.port}`, 'data-tgt': `${e.tgt.node}.${e.tgt.port}`, 'data-rate': '0', 'data-messages': '0' };
    } else if (i < graphEdges.length + model.iips.length) {
      attributes = { class: 'edge iip', 'data-edge': model.iips[i - graphEdges.length].id, 'data-iip': 'true' };
    } else {
      attributes = { class: 'edge exported-edge' };
    }
    const g = el('g', attributes, edgeLayer);
    el('path', { class: 'line', d, 'marker-end': 'url(#arrow)' }, g);
    el('path', { class: 'hit', d }, g);
    if (i < graphEdges.length) {
      const at = labelPoint(points);
      const label = el('g', { class: 'label', transform: `translate(${at.x},${at.y})` }, g);
      text(label, 0, -5, '', 'rate', 'middle');
      el('rect', { class: 'queue-bg', x: -16, y: 1, width: 32, height: 4 }, label);
      el('rect', { class: 'queue', x: -16, y: 1, width: 0, height: 4 }, label);
    }
  }

  for (const node of model.nodes.values()) {
    const box = byId.get(`n\u0000${node.id}`);
    const g = el('g', { class: 'node', 'data-node': node.id, 'data-component': node.component, transform: `translate(${box.x},${box.y})` }, nodeLayer);
    el('rect', { class: 'body', width: box.width, height: box.height, rx: 6 }, g);
    text(g, box.width / 2, 17, node.id, 'title', 'middle');
    text(g, box.width / 2, 30, node.component, 'component', 'middle');
    text(g, 8, box.height - 6, '', 'state');
    text(g, box.width - 8, box.height - 6, '', 'errors', 'end');
    for (const p of box.ports || []) {
      const [, , direction, key] = p.id.split('\u0000');
      const name = portName(node, direction, key);
      const port = el('g', { class: 'port', 'data-port': `${node.id}.${name}`, 'data-direction': direction, 'data-node-id': node.id, 'data-port-name': name }, g);
      el('circle', { cx: p.x + PORT / 2, cy: p.y + PORT / 2, r: PORT / 2 }, port);
      text(port, direction === 'in' ? p.x + PORT + 4 : p.x - 4, p.y + PORT / 2 + 3, name, '', direction === 'in' ? 'start' : 'end');
    }
  }

  model.iips.forEach((iip, i) => {
    const box = byId.get(`i\u0000${i}`);
    const g = el('g', { class: 'node iip', 'data-iip': iip.id, transform: `translate(${box.x},${box.y})` }, nodeLayer);
    el('rect', { class: 'body', width: box.width, height: box.height, rx: 4 }, g);
    text(g, box.width / 2, 17, iip.label, 'component', 'middle');
  });
  model.exported.forEach((x, i) => {
    const box = byId.get(`x\u0000${i}`);
    const g = el('g', { class: 'node exported', 'data-exported': `${x.direction}:${x.name}`, transform: `translate(${box.x},${box.y})` }, nodeLayer);
    el('rect', { class: 'body', width: box.width, height: box.height, rx: 12 }, g);
    text(g, box.width / 2, 18, `${x.direction === 'in' ? '▶ ' : ''}${x.name}${x.direction === 'out' ? ' ▶' : ''}`, 'title', 'middle');
  });
}
