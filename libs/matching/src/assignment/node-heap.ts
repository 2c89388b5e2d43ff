/**
 * Binary min-heap of (key, node) in typed arrays, ties broken by the smaller node so that the
 * search order, hence the chosen optimum, is deterministic. Lazy deletion: a node may be pushed
 * several times; the caller skips stale entries.
 */
export class NodeHeap {
  private keys: Float64Array;
  private nodes: Int32Array;
  size = 0;

  constructor(initialCapacity = 1024) {
    this.keys = new Float64Array(initialCapacity);
    this.nodes = new Int32Array(initialCapacity);
  }

  clear(): void {
    this.size = 0;
  }

  topKey(): number {
    return this.keys[0];
  }

  push(key: number, node: number): void {
    if (this.size === this.keys.length) this.grow();
    const keys = this.keys;
    const nodes = this.nodes;
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const pk = keys[parent];
      if (pk < key || (pk === key && nodes[parent] < node)) break;
      keys[at] = pk;
      nodes[at] = nodes[parent];
      at = parent;
    }
    keys[at] = key;
    nodes[at] = node;
  }

  /** Removes and returns the node with the smallest (key, node). */
  pop(): number {
    const keys = this.keys;
    const nodes = this.nodes;
    const top = nodes[0];
    const size = --this.size;
    if (size === 0) return top;
    const key = keys[size];
    const node = nodes[size];
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && (keys[right] < keys[child] || (keys[right] === keys[child] && nodes[right] < nodes[child]))) child = right;
      const ck = keys[child];
      if (key < ck || (key === ck && node < nodes[child])) break;
      keys[at] = ck;
      nodes[at] = nodes[child];
      at = child;
    }
    keys[at] = key;
    nodes[at] = node;
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const nodes = new Int32Array(this.nodes.length * 2);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}
