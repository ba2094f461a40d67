// Per-edge message rates from cumulative counts (live snapshots or a replayed trace): the messages over the last
// second of samples, so a rate is steady at 10 samples a second and falls to 0 within a second of the flow stopping.

const WINDOW_SECONDS = 1.0;

export class Rates {
  constructor() {
    this.samples = new Map(); // edge id → [[time, messages], …]
  }

  clear() {
    this.samples.clear();
  }

  // time: seconds on the run's clock; messages: the edge's cumulative count. Returns messages per second.
  add(id, time, messages) {
    let list = this.samples.get(id);
    if (!list) {
      list = [];
      this.samples.set(id, list);
    }
    if (list.length > 0 && (time < list[list.length - 1][0] || messages < list[list.length - 1][1])) {
      list.length = 0; // a new run: its clock and counts start again
    }
    if (list.length > 0 && time === list[list.length - 1][0]) {
      list[list.length - 1][1] = messages; // a clock that stood still (the run is over): no new sample
    } else {
      list.push([time, messages]);
    }
    while (list.length > 2 && (time - list[1][0] >= WINDOW_SECONDS || list.length > 64)) {
      list.shift();
    }
    const [t0, m0] = list[0];
    return time > t0 ? (messages - m0) / (time - t0) : 0;
  }
}

export function formatRate(rate) {
  if (rate >= 1000) {
    return `${(rate / 1000).toFixed(1)}k/s`;
  }
  return `${rate >= 100 ? rate.toFixed(0) : rate.toFixed(1)}/s`;
}
