// node:events for commander: the EventEmitter methods it calls (on, emit, listenerCount).
"use strict";

class EventEmitter {
  constructor() {
    this._shimListeners = new Map();
  }

  on(event, listener) {
    const list = this._shimListeners.get(event) ?? [];
    list.push(listener);
    this._shimListeners.set(event, list);
    return this;
  }

  addListener(event, listener) {
    return this.on(event, listener);
  }

  emit(event, ...args) {
    const list = this._shimListeners.get(event);
    if (!list || list.length === 0) return false;
    for (const listener of [...list]) listener.apply(this, args);
    return true;
  }

  listenerCount(event) {
    return this._shimListeners.get(event)?.length ?? 0;
  }
}

module.exports = { EventEmitter, default: EventEmitter };
