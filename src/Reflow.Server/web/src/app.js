// The live page: the runtime's main graph drawn, its network's counters ten times a second (network:snapshot), the
// messages of a chosen edge (network:edges + network:data), and edits (graph:*) — all over the FBP protocol, as any
// other client; or a recorded flowtrace replayed on the same drawing.
import { Runtime } from './protocol.js';
import { modelOf, edgeId } from './model.js';
import { layout, draw } from './draw.js';
import { Rates } from './stats.js';
import { Replay } from './replay.js';
import { edgeElement, showEdge, showNode, showMessageList } from './overlay.js';

const $ = (id) => document.getElementById(id);
const LAST_MESSAGES = 20;
const SNAPSHOT_MS = 100;

const state = {
  graph: null, // the runtime's main graph id
  components: new Map(), // name → {inPorts, outPorts}
  model: null,
  noflo: null,
  running: false,
  selectedEdge: null, // edge id
  selectedNode: null,
  pendingPort: null, // {node, port} of a clicked out-port
  messages: new Map(), // edge id → last messages (strings)
  snapshotPending: 0,
  lastSnapshot: null,
  replay: null,
  drawing: 0,
};
const rates = new Rates();
const runtime = new Runtime(onMessage, onConnection);

function log(text, error) {
  const li = document.createElement('li');
  li.textContent = text;
  if (error) {
    li.className = 'error';
  }
  const list = $('log');
  list.prepend(li);
  while (list.children.length > 50) {
    list.lastChild.remove();
  }
}

function onConnection(connection) {
  const badge = $('connection');
  badge.dataset.connection = connection;
  badge.textContent = { connecting: 'connecting…', open: 'connected', closed: 'disconnected (reload to reconnect)' }[connection];
  if (connection === 'open') {
    runtime.send('runtime', 'getruntime', {});
    runtime.send('component', 'list', {});
  }
  enableControls();
}

function enableControls() {
  const live = runtime.open && state.graph !== null && state.replay === null;
  $('start').disabled = !live || state.running;
  $('stop').disabled = !live || !state.running;
  $('component').disabled = !live || state.components.size === 0;
  $('node-id').disabled = $('component').disabled;
  $('add-node').disabled = $('component').disabled;
  $('remove').disabled = !live || (state.selectedEdge === null && state.selectedNode === null);
}

function onMessage(m) {
  const p = m.payload || {};
  const key = `${m.protocol}:${m.command}`;
  if (m.command === 'error') {
    const text = typeof p === 'string' ? p : p.message || JSON.stringify(p);
    log(`${m.protocol}: ${text}`, true);
    if (/secret/i.test(text)) {
      $('secret-form').hidden = false;
      $('secret').focus();
    }
    return;
  }
  switch (key) {
    case 'runtime:runtime':
      $('secret-form').hidden = true;
      if (p.graph) {
        state.graph = p.graph;
        $('graph-name').textContent = p.graph;
        refreshGraph();
        runtime.send('network', 'getstatus', { graph: state.graph });
      } else {
        log('This runtime has no main graph to show (reflow serve GRAPH gives it one).');
      }
      break;
    case 'component:component':
      state.components.set(p.name, { inPorts: (p.inPorts || []).map((x) => x.id), outPorts: (p.outPorts || []).map((x) => x.id) });
      break;
    case 'component:componentsready':
      fillComponentPicker();
      refreshGraph();
      break;
    case 'component:source':
      if (p.language === 'json' && state.graph !== null && (p.name === state.graph || state.graph.endsWith(`/${p.name}`))) {
        state.noflo = JSON.parse(p.code);
        redraw();
      }
      break;
    case 'network:started':
    case 'network:stopped':
    case 'network:status':
      if (p.graph === state.graph) {
        setStatus(p);
      }
      break;
    case 'network:data':
    case 'network:begingroup':
    case 'network:endgroup':
      if (p.graph === state.graph && state.replay === null) {
        remember(p.id, m.command, p);
      }
      break;
    case 'network:snapshot':
      state.snapshotPending = 0;
      if (p.graph === state.graph && state.replay === null) {
        applySnapshot(p);
      }
      break;
    case 'network:processerror':
      log(`${p.id}: ${p.error}`, true);
      break;
    case 'network:output':
      log(p.message);
      break;
    default:
      if (m.protocol === 'graph' && (p.graph === state.graph || p.graph === undefined)) {
        refreshGraph(); // an edit by this page or another client: draw the graph as it now is
      }
      break;
  }
}

function setStatus(p) {
  state.running = !!p.running;
  const status = $('status');
  status.dataset.running = String(!!p.running);
  status.dataset.started = String(!!p.started);
  status.textContent = p.running ? 'running' : p.started ? 'finished' : 'stopped';
  enableControls();
}

let refreshTimer = 0;
function refreshGraph() {
  if (state.graph === null || state.replay !== null) {
    return;
  }
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => runtime.send('component', 'getsource', { name: state.graph }), 30);
}

async function redraw() {
  const noflo = state.replay ? state.replay.graph : state.noflo;
  if (!noflo) {
    return;
  }
  const model = modelOf(noflo, state.components);
  const drawing = ++state.drawing;
  const laid = await layout(model);
  if (drawing !== state.drawing) {
    return; // a newer graph was drawn meanwhile
  }
  state.model = model;
  draw($('graph'), model, laid);
  if (state.selectedNode !== null && !model.nodes.has(state.selectedNode)) {
    state.selectedNode = null;
  }
  if (state.selectedEdge !== null && !model.edges.some((e) => e.id === state.selectedEdge)) {
    state.selectedEdge = null;
  }
  markSelection();
  if (state.lastSnapshot) {
    applySnapshot(state.lastSnapshot, true);
  }
  $('graph').dataset.drawn = String(drawing);
}

function fillComponentPicker() {
  const select = $('component');
  select.replaceChildren(...[...state.components.keys()].sort().map((name) => {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = name;
    return option;
  }));
  enableControls();
}

// Live counters: per edge its rate (from the change since the last samples) and queue fill, per node state and errors.
function applySnapshot(s, again) {
  state.lastSnapshot = s;
  for (const e of s.edges || []) {
    const rate = again ? Number(edgeElement(e.id)?.dataset.rate || 0) : s.running ? rates.add(e.id, s.elapsed, e.messages) : 0;
    showEdge(e.id, rate, e.messages, e.queued, e.capacity);
  }
  for (const n of s.nodes || []) {
    showNode(n.id, n.state, n.errors + n.failures);
  }
}

function remember(id, command, p) {
  const value = command === 'data' ? JSON.stringify(p.data) : `${command === 'begingroup' ? '<' : '>'} ${p.group ?? ''}`;
  let list = state.messages.get(id);
  if (!list) {
    list = [];
    state.messages.set(id, list);
  }
  list.push(value);
  if (list.length > LAST_MESSAGES) {
    list.shift();
  }
  if (id === state.selectedEdge) {
    showMessages();
  }
}

function showMessages() {
  showMessageList(state.selectedEdge, state.selectedEdge === null ? [] : state.messages.get(state.selectedEdge) || []);
}

function markSelection() {
  for (const g of document.querySelectorAll('#graph g.edge')) {
    g.classList.toggle('selected', g.dataset.edge === state.selectedEdge && g.dataset.iip === undefined);
  }
  for (const g of document.querySelectorAll('#graph g.node[data-node]')) {
    g.classList.toggle('selected', g.dataset.node === state.selectedNode);
  }
  for (const g of document.querySelectorAll('#graph g.port')) {
    g.classList.toggle('pending', state.pendingPort !== null && g.dataset.direction === 'out'
      && g.dataset.nodeId === state.pendingPort.node && g.dataset.portName === state.pendingPort.port);
  }
  showMessages();
  enableControls();
}

function selectEdge(id) {
  state.selectedEdge = id;
  state.selectedNode = null;
  const edge = state.model?.edges.find((e) => e.id === id);
  if (edge && state.replay === null) {
    // Only this edge's data events from now on (the protocol's selection is the network's, as in noflo).
    runtime.send('network', 'edges', { graph: state.graph, edges: [{ src: edge.src, tgt: edge.tgt }] });
  }
  markSelection();
}

$('graph').addEventListener('click', (event) => {
  const port = event.target.closest('g.port');
  if (port && state.replay === null) {
    const clicked = { node: port.dataset.nodeId, port: port.dataset.portName };
    if (port.dataset.direction === 'out') {
      state.pendingPort = clicked;
    } else if (state.pendingPort !== null) {
      runtime.send('graph', 'addedge', { graph: state.graph, src: state.pendingPort, tgt: clicked, metadata: {} });
      log(`connecting ${edgeId(state.pendingPort, clicked)}`);
      state.pendingPort = null;
    }
    markSelection();
    return;
  }
  const edge = event.target.closest('g.edge[data-edge]');
  if (edge && edge.dataset.iip === undefined) {
    selectEdge(edge.dataset.edge);
    return;
  }
  const node = event.target.closest('g.node[data-node]');
  state.selectedNode = node ? node.dataset.node : null;
  state.selectedEdge = node ? state.selectedEdge : null;
  state.pendingPort = null;
  markSelection();
});

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    state.pendingPort = null;
    markSelection();
  }
});

$('start').addEventListener('click', () => {
  rates.clear();
  runtime.send('network', 'start', { graph: state.graph });
});
$('stop').addEventListener('click', () => runtime.send('network', 'stop', { graph: state.graph }));

$('add-node').addEventListener('click', () => {
  const component = $('component').value;
  let id = $('node-id').value.trim();
  if (!id) {
    const base = component.split('/').pop();
    let n = 1;
    while (state.model?.nodes.has(`${base}${n}`)) {
      n++;
    }
    id = `${base}${n}`;
  }
  runtime.send('graph', 'addnode', { graph: state.graph, id, component, metadata: {} });
  $('node-id').value = '';
});

$('remove').addEventListener('click', () => {
  if (state.selectedEdge !== null) {
    const edge = state.model?.edges.find((e) => e.id === state.selectedEdge);
    if (edge) {
      runtime.send('graph', 'removeedge', { graph: state.graph, src: edge.src, tgt: edge.tgt });
    }
  } else if (state.selectedNode !== null) {
    runtime.send('graph', 'removenode', { graph: state.graph, id: state.selectedNode });
  }
});

$('secret-form').addEventListener('submit', (event) => {
  event.preventDefault();
  runtime.setSecret($('secret').value);
  runtime.send('runtime', 'getruntime', {});
  runtime.send('component', 'list', {});
});

// Replay of a flowtrace file: the live view pauses (no snapshots applied) until "Back to live".
$('trace-file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (!file) {
    return;
  }
  try {
    const replay = new Replay(JSON.parse(await file.text()), {
      onData: (id, command, p) => remember(id, command, p),
      onCounts: (time, counts, running) => {
        for (const [id, messages] of counts) {
          showEdge(id, running ? rates.add(id, time, messages) : 0, messages);
        }
      },
      onStatus: (p) => setStatus(p),
      onError: (p) => log(`${p.id}: ${p.error}`, true),
      onEnd: () => {
        $('replay-play').textContent = 'Play again';
        log('replay finished');
      },
    });
    state.replay?.pause();
    state.replay = replay;
    state.messages.clear();
    rates.clear();
    state.lastSnapshot = null;
    $('graph-name').textContent = `${replay.name} (replay of ${file.name})`;
    $('replay-play').hidden = false;
    $('replay-exit').hidden = false;
    $('replay-play').textContent = 'Pause';
    enableControls();
    await redraw();
    replay.play();
  } catch (error) {
    log(`${file.name} is not a flowtrace this page can replay: ${error.message}`, true);
  }
  event.target.value = '';
});

$('replay-play').addEventListener('click', () => {
  const replay = state.replay;
  if (!replay) {
    return;
  }
  if (replay.playing) {
    replay.pause();
    $('replay-play').textContent = 'Play';
  } else {
    if (replay.finished) {
      state.messages.clear();
      rates.clear();
      replay.rewind();
    }
    replay.play();
    $('replay-play').textContent = 'Pause';
  }
});

$('replay-exit').addEventListener('click', () => {
  state.replay?.pause();
  state.replay = null;
  state.messages.clear();
  rates.clear();
  $('replay-play').hidden = true;
  $('replay-exit').hidden = true;
  $('graph-name').textContent = state.graph ?? '';
  enableControls();
  refreshGraph();
  if (state.graph !== null) {
    runtime.send('network', 'getstatus', { graph: state.graph });
  }
});

// Ten snapshots a second while connected; one at a time (a slow answer is not piled on).
setInterval(() => {
  if (state.graph === null || state.replay !== null || !runtime.open) {
    return;
  }
  if (state.snapshotPending !== 0 && Date.now() - state.snapshotPending < 2000) {
    return;
  }
  state.snapshotPending = Date.now();
  runtime.send('network', 'snapshot', { graph: state.graph });
}, SNAPSHOT_MS);

runtime.connect();
