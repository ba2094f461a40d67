// The graph as the page draws it, made from the graph's NoFlo JSON (component:getsource of the graph, or a
// flowtrace's header) and the components' ports (component:list).

const lower = (s) => String(s).toLowerCase();
const index = (i) => (i === undefined || i === null || i < 0 ? '' : `[${i}]`);

// The protocol's textual edge id, as the server names edges in network:data and network:snapshot.
export function edgeId(src, tgt) {
  const from = src ? `${src.node}() ${String(src.port).toUpperCase()}${index(src.index)}` : 'DATA';
  return `${from} -> ${String(tgt.port).toUpperCase()}${index(tgt.index)} ${tgt.node}()`;
}

function end(e) {
  const o = { node: e.process, port: e.port };
  if (e.index !== undefined && e.index !== null) {
    o.index = e.index;
  }
  return o;
}

function show(value) {
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}

// components: Map name → {inPorts: [names], outPorts: [names]}.
export function modelOf(noflo, components) {
  const nodes = new Map();
  const port = (list, name) => {
    if (!list.some((p) => lower(p) === lower(name))) {
      list.push(name);
    }
  };
  for (const [id, process] of Object.entries(noflo.processes || {})) {
    const component = components.get(process.component);
    nodes.set(id, {
      id,
      component: process.component,
      inPorts: component ? [...component.inPorts] : [],
      outPorts: component ? [...component.outPorts] : [],
      kind: 'node',
    });
  }
  const edges = [];
  const iips = [];
  for (const connection of noflo.connections || []) {
    if (!connection.tgt || !nodes.has(connection.tgt.process)) {
      continue;
    }
    const tgt = end(connection.tgt);
    port(nodes.get(tgt.node).inPorts, tgt.port);
    if (connection.src) {
      const src = end(connection.src);
      if (!nodes.has(src.node)) {
        continue;
      }
      port(nodes.get(src.node).outPorts, src.port);
      edges.push({ id: edgeId(src, tgt), src, tgt });
    } else {
      iips.push({ id: edgeId(null, tgt), tgt, label: show(connection.data) });
    }
  }
  const exported = [];
  for (const [direction, ports] of [['in', noflo.inports || {}], ['out', noflo.outports || {}]]) {
    for (const [name, p] of Object.entries(ports)) {
      if (nodes.has(p.process)) {
        port(direction === 'in' ? nodes.get(p.process).inPorts : nodes.get(p.process).outPorts, p.port);
        exported.push({ name, direction, node: p.process, port: p.port });
      }
    }
  }
  return { nodes, edges, iips, exported };
}

// The canonical name of a node's port as the model lists it (a graph may write a port in another case).
export function portName(node, direction, name) {
  const list = direction === 'in' ? node.inPorts : node.outPorts;
  return list.find((p) => lower(p) === lower(name)) ?? name;
}
