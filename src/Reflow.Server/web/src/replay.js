// Replays a flowtrace (the server's trace:dump; github.com/flowbased/flowtrace): the graph from its header, then its
// events at the pace they were recorded. Data events count per edge (the rates) and fill the last-messages lists.

const TICK_MS = 100;

export class Replay {
  constructor(trace, handlers) {
    const header = trace && trace.header;
    if (!header || !header.graphs || !Array.isArray(trace.events)) {
      throw new Error('a flowtrace has "header" (with "graphs") and "events"');
    }
    this.name = header.main || Object.keys(header.graphs)[0];
    this.graph = header.graphs[this.name];
    if (!this.graph) {
      throw new Error(`its header has no graph "${this.name}"`);
    }
    this.events = trace.events
      .map((e, i) => ({ e, i, t: Date.parse(e.time) }))
      .filter((x) => !Number.isNaN(x.t) && x.e.protocol === 'network')
      .sort((a, b) => a.t - b.t || a.i - b.i)
      .map((x) => ({ ...x.e, t: x.t }));
    this.handlers = handlers;
    this.timer = 0;
    this.rewind();
  }

  get playing() {
    return this.timer !== 0;
  }

  rewind() {
    this.next = 0;
    this.counts = new Map();
    this.start = this.events.length > 0 ? this.events[0].t : 0;
    this.clock = 0; // ms since the first event
    this.running = false;
    this.finished = this.events.length === 0;
  }

  play() {
    if (this.timer !== 0 || this.finished) {
      return;
    }
    let last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.clock += now - last;
      last = now;
      this.advance();
    }, TICK_MS);
  }

  pause() {
    clearInterval(this.timer);
    this.timer = 0;
  }

  advance() {
    const h = this.handlers;
    while (this.next < this.events.length && this.events[this.next].t - this.start <= this.clock) {
      const { command, payload } = this.events[this.next++];
      const p = payload || {};
      switch (command) {
        case 'data':
          this.counts.set(p.id, (this.counts.get(p.id) || 0) + 1);
          h.onData(p.id, command, p);
          break;
        case 'begingroup':
        case 'endgroup':
          h.onData(p.id, command, p);
          break;
        case 'started':
        case 'stopped':
        case 'status':
          this.running = !!p.running;
          h.onStatus(p);
          break;
        case 'processerror':
          h.onError(p);
          break;
        default:
          break;
      }
    }
    h.onCounts(this.clock / 1000, this.counts, this.running || this.next < this.events.length);
    if (this.next >= this.events.length) {
      this.pause();
      this.finished = true;
      h.onCounts(this.clock / 1000, this.counts, false);
      h.onEnd();
    }
  }
}
