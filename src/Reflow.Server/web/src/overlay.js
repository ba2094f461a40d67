// What a run looks like on the drawing (draw.js): per edge its rate, count and queue fill, per node its state and
// errors, and the side panel's last messages of the chosen edge. The same for live snapshots and a replayed trace.
import { formatRate } from './stats.js';

export function edgeElement(id) {
  return [...document.querySelectorAll('#graph g.edge[data-edge]')].find((g) => g.dataset.edge === id && g.dataset.iip === undefined);
}

export function showEdge(id, rate, messages, queued, capacity) {
  const g = edgeElement(id);
  if (!g) {
    return;
  }
  g.dataset.rate = rate.toFixed(2);
  g.dataset.messages = String(messages);
  g.classList.toggle('active', rate > 0);
  g.querySelector('text.rate').textContent = `${formatRate(rate)} · ${messages}`;
  if (capacity !== undefined) {
    g.dataset.queued = String(queued);
    g.dataset.capacity = String(capacity);
    const fill = capacity > 0 ? Math.min(1, queued / capacity) : 0;
    const bar = g.querySelector('rect.queue');
    bar.setAttribute('width', String(32 * fill));
    bar.classList.toggle('high', fill > 0.8);
  }
}

export function showNode(id, nodeState, errors) {
  const g = [...document.querySelectorAll('#graph g.node[data-node]')].find((n) => n.dataset.node === id);
  if (!g) {
    return;
  }
  g.dataset.state = nodeState;
  g.dataset.errors = String(errors);
  g.classList.toggle('has-errors', errors > 0);
  g.querySelector('text.state').textContent = nodeState;
  g.querySelector('text.errors').textContent = errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : '';
}

export function showMessageList(id, messages) {
  const list = document.getElementById('messages');
  document.getElementById('panel-title').textContent = id === null ? 'Click an edge to see its messages' : id;
  list.dataset.edge = id ?? '';
  list.replaceChildren(...messages.slice().reverse().map((text) => {
    const li = document.createElement('li');
    li.textContent = text;
    return li;
  }));
}
