// The FBP network protocol over the page's own WebSocket (the server that served the page: the page's policy allows
// no other). Every message carries the secret when the runtime has one.

export class Runtime {
  constructor(onMessage, onState) {
    this.onMessage = onMessage;
    this.onState = onState;
    this.secret = new URLSearchParams(location.search).get('secret') || sessionStorage.getItem('reflow-secret') || '';
    this.socket = null;
    this.requests = 0;
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/`, 'noflo');
    this.socket = socket;
    this.onState('connecting');
    socket.onopen = () => this.onState('open');
    socket.onclose = () => {
      if (this.socket === socket) {
        this.onState('closed');
      }
    };
    socket.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      this.onMessage(message);
    };
  }

  get open() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  setSecret(secret) {
    this.secret = secret;
    sessionStorage.setItem('reflow-secret', secret);
  }

  send(protocol, command, payload) {
    if (!this.open) {
      return false;
    }
    const message = { protocol, command, payload: payload || {}, requestId: `page-${++this.requests}` };
    if (this.secret) {
      message.secret = this.secret;
    }
    this.socket.send(JSON.stringify(message));
    return true;
  }
}
