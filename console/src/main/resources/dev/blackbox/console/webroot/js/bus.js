// The event bus through the SockJS bridge: request/reply with a timeout, subscriptions that survive
// reconnects, and a connection state ('connecting', 'open', 'closed', 'logged-out').
/* global EventBus */

const REQUEST_TIMEOUT_MS = 15_000;

export class Bus extends EventTarget {
  constructor(url) {
    super();
    this.url = url;
    this.state = 'connecting';
    this.handlers = new Map();         // address -> Set of functions(body)
    this.bridgeCallbacks = new Map();  // address -> the callback registered on the bridge
    this.connect();
  }

  connect() {
    const eb = new EventBus(this.url, {
      transports: ['websocket', 'xhr-streaming', 'xhr-polling'],
      vertxbus_reconnect_delay_max: 5000,
    });
    eb.enableReconnect(true);
    eb.onopen = () => {
      // the client forgets its registrations on every (re)connect: register them again
      this.bridgeCallbacks.clear();
      for (const address of this.handlers.keys()) this.registerOnBridge(address);
      this.setState('open');
    };
    eb.onclose = () => {
      if (this.state !== 'logged-out') this.setState('closed');
      this.checkLogin();
    };
    eb.onerror = (err) => this.dispatchEvent(new CustomEvent('bridge-error', { detail: err }));
    this.eb = eb;
  }

  setState(state) {
    this.state = state;
    this.dispatchEvent(new Event('state'));
  }

  /** Without a login the bridge answers 401: say so instead of reconnecting for ever. */
  async checkLogin() {
    try {
      const response = await fetch('/eventbus/info', { cache: 'no-store' });
      if (response.status === 401) {
        this.eb.enableReconnect(false);
        this.setState('logged-out');
      }
    } catch (e) {
      // the console itself is down: keep trying to reconnect
    }
  }

  /** Resolves with the reply body; rejects with {message, code} on a failure reply or after 15 s. */
  request(address, body) {
    return new Promise((resolve, reject) => {
      if (this.state !== 'open') {
        reject(new Error('not connected to the console'));
        return;
      }
      const size = new TextEncoder().encode(JSON.stringify(body ?? null)).length;
      if (this.maxMessageBytes && size > this.maxMessageBytes) {
        // the console would refuse it anyway; far larger ones would cost the connection
        const failure = new Error(`message of ${size} bytes is over the console's limit of ${this.maxMessageBytes} bytes; nothing was sent`);
        failure.code = 413;
        reject(failure);
        return;
      }
      const timer = setTimeout(() => reject(new Error('no answer within 15 s')), REQUEST_TIMEOUT_MS);
      this.eb.send(address, body, {}, (err, reply) => {
        clearTimeout(timer);
        if (err) {
          const failure = new Error(err.message || err.failureType || 'refused');
          failure.code = err.failureCode;
          reject(failure);
        } else {
          resolve(reply.body);
        }
      });
    });
  }

  /** Calls fn(body) for every message published on the address; returns the function that stops it. */
  subscribe(address, fn) {
    let fns = this.handlers.get(address);
    if (!fns) {
      fns = new Set();
      this.handlers.set(address, fns);
      if (this.state === 'open') this.registerOnBridge(address);
    }
    fns.add(fn);
    return () => this.unsubscribe(address, fn);
  }

  unsubscribe(address, fn) {
    const fns = this.handlers.get(address);
    if (!fns) return;
    fns.delete(fn);
    if (fns.size > 0) return;
    this.handlers.delete(address);
    const callback = this.bridgeCallbacks.get(address);
    this.bridgeCallbacks.delete(address);
    if (callback && this.state === 'open') this.eb.unregisterHandler(address, callback);
  }

  registerOnBridge(address) {
    const callback = (err, message) => {
      if (err) return;
      for (const fn of this.handlers.get(address) || []) fn(message.body);
    };
    this.bridgeCallbacks.set(address, callback);
    this.eb.registerHandler(address, callback);
  }

  /** Runs fn now if connected, and again after every reconnect. */
  onOpen(fn) {
    if (this.state === 'open') fn();
    this.addEventListener('state', () => this.state === 'open' && fn());
  }
}

/** A failure reply as a sentence for people (404, 409 and 400 come from the recorder). */
export function describeFailure(err) {
  switch (err.code) {
    case 404: return `Unknown: ${err.message}`;
    case 409: return `Too late: ${err.message}`;
    case 400: return `Refused: ${err.message}`;
    case 413: return `Too large: ${err.message}`;
    default: return err.message;
  }
}
