import { multisets } from '../correlators/index.js';

/** The even orders nnrg measures (the document's correlators "2", "4", "6"). */
export const ORDERS = [2, 4, 6] as const;

/**
 * The multiset product tree the kernel walks: every multiset of point indices of order 1..maxOrder,
 * grouped by order, each in the lexicographic order of `multisets`. A node's product is its parent's
 * (the multiset without its last index) times f(x_last), so each product costs one multiplication.
 */
export interface MultisetTree {
  points: number;
  /** Slot of each node's parent in the kernel's product array (slot 0 is the constant 1, node n is slot n+1). */
  parent: Int32Array;
  pt: Int32Array;
  /** For each measured order: node numbers of its multisets, in `multisets(points, order)` order. */
  measured: { order: number; idx: number[][]; nodes: number[] }[];
  nodes: number;
}

export function multisetTree(points: number, maxOrder = 6): MultisetTree {
  const parent: number[] = [];
  const pt: number[] = [];
  const nodeOf = new Map<string, number>();
  for (let order = 1; order <= maxOrder; order++) {
    for (const m of multisets(points, order)) {
      const n = parent.length;
      nodeOf.set(m.join(','), n);
      parent.push(order === 1 ? 0 : nodeOf.get(m.slice(0, -1).join(','))! + 1);
      pt.push(m[m.length - 1]!);
    }
  }
  const measured = ORDERS.filter((o) => o <= maxOrder).map((order) => {
    const idx = multisets(points, order);
    return { order, idx, nodes: idx.map((m) => nodeOf.get(m.join(','))!) };
  });
  return { points, parent: Int32Array.from(parent), pt: Int32Array.from(pt), measured, nodes: parent.length };
}
