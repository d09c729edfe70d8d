import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../src/nn/rng.js";
import { pseudoInverseSolve, symmetricEigen } from "../src/weighting/math/symmetric-eigen.js";

function randomSymmetric(rng: Rng, n: number, rank = n): Float64Array {
  // B·Bᵀ with B n×rank, then a random sign per rank-one term so that negative eigenvalues occur too.
  const basis = Array.from({ length: rank }, () => Float64Array.from({ length: n }, () => rng.normal()));
  const signs = basis.map(() => (rng.uniform() < 0.5 ? -1 : 1));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let r = 0; r < rank; r++) a[i * n + j] = a[i * n + j]! + signs[r]! * basis[r]![i]! * basis[r]![j]!;
    }
  }
  return a;
}

function multiply(a: Float64Array, n: number, x: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => {
    let total = 0;
    for (let j = 0; j < n; j++) total += a[i * n + j]! * x[j]!;
    return total;
  });
}

test("the Jacobi eigenvectors are orthonormal and rebuild the matrix", () => {
  const rng = new Rng(21);
  for (const n of [1, 2, 4, 7, 11]) {
    const a = randomSymmetric(rng, n);
    const { values, vectors } = symmetricEigen(a, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let rebuilt = 0;
        let gram = 0;
        for (let k = 0; k < n; k++) {
          rebuilt += vectors[i * n + k]! * values[k]! * vectors[j * n + k]!;
          gram += vectors[k * n + i]! * vectors[k * n + j]!;
        }
        assert.ok(Math.abs(rebuilt - a[i * n + j]!) < 1e-11, `A[${i}][${j}] rebuilt for n = ${n}`);
        assert.ok(Math.abs(gram - (i === j ? 1 : 0)) < 1e-12, `VᵀV[${i}][${j}] for n = ${n}`);
      }
    }
  }
});

test("the pseudo-inverse solve of a singular system gives the minimum-norm least-squares solution", () => {
  const rng = new Rng(22);
  const n = 6;
  const a = randomSymmetric(rng, n, 3);
  const b = Float64Array.from({ length: n }, () => rng.normal());
  const x = pseudoInverseSolve(a, n, b);
  // Least squares: the residual is orthogonal to range(A) = range(Aᵀ), i.e. A(Ax − b) = 0.
  const residual = multiply(a, n, x).map((value, i) => value - b[i]!);
  for (const value of multiply(a, n, residual)) assert.ok(Math.abs(value) < 1e-10);
  // Minimum norm: x lies in range(A), i.e. it is orthogonal to every null vector.
  const { values, vectors } = symmetricEigen(a, n);
  const largest = Math.max(...Array.from(values, Math.abs));
  let nullVectors = 0;
  for (let k = 0; k < n; k++) {
    if (Math.abs(values[k]!) > 1e-12 * largest) continue;
    nullVectors++;
    let overlap = 0;
    for (let i = 0; i < n; i++) overlap += vectors[i * n + k]! * x[i]!;
    assert.ok(Math.abs(overlap) < 1e-10);
  }
  assert.equal(nullVectors, 3);
});

test("the pseudo-inverse solve of the zero matrix is zero, not NaN", () => {
  assert.deepEqual(Array.from(pseudoInverseSolve(new Float64Array(9), 3, [1, 2, 3])), [0, 0, 0]);
});
