// AudioWorklet processors of the demo: the microphone side posts 20 ms frames to the page;
// the speaker side plays what the page's playout path produced, and reports its level.

class Capture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.frame = new Float32Array(160);
    this.fill = 0;
  }

  process(inputs) {
    const input = inputs[0]?.[0];
    if (!input) return true;
    for (let i = 0; i < input.length; i++) {
      this.frame[this.fill++] = input[i];
      if (this.fill === this.frame.length) {
        this.port.postMessage(this.frame.slice());
        this.fill = 0;
      }
    }
    return true;
  }
}

class Player extends AudioWorkletProcessor {
  constructor() {
    super();
    this.queue = [];
    this.offset = 0;
    this.played = 0;
    this.port.onmessage = (e) => this.queue.push(e.data);
  }

  process(_inputs, outputs) {
    const out = outputs[0][0];
    for (let i = 0; i < out.length; i++) {
      const head = this.queue[0];
      if (!head) {
        out[i] = 0;
        continue;
      }
      out[i] = head[this.offset++];
      if (this.offset === head.length) {
        this.queue.shift();
        this.offset = 0;
      }
      this.played++;
    }
    this.port.postMessage(this.played);
    return true;
  }
}

registerProcessor("phone-capture", Capture);
registerProcessor("phone-player", Player);
