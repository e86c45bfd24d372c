// The nnrg sampler kernel in C, for the speed comparison in docs/sampler.md (not used by nnrg):
// the same counter-based SplitMix64 stream, the same 128-strip ziggurat, libm exp, the same
// one-hidden-layer GaussNet at P points and the same multiset product tree (orders 1..6).
// With a third argument `rec`, exp(w x_p + b) = exp(w x_0 + b) exp(w h)^p on the equally spaced points
// (the recurrence nnrg's kernel uses there). Build: gcc -O3 -march=native -o sampler sampler.c -lm ;
// run: ./sampler WIDTH NETS [rec]
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define GAMMA 0x9e3779b97f4a7c15ULL
static uint64_t key, counter;
static uint64_t rbuf[256];
static int rpos = 256;
static inline uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
static void refill(void) {
  for (int i = 0; i < 256; i++) rbuf[i] = mix64(key + (counter + i) * GAMMA);
  counter += 256; rpos = 0;
}
static inline uint64_t next64(void) { if (rpos >= 256) refill(); return rbuf[rpos++]; }
static inline double uniform01(void) { return ((double)(next64() >> 11) + 0.5) * 1.1102230246251565e-16; }
#define ZC 128
static const double ZR = 3.442619855899, ZV = 9.91256303526217e-3;
static double zx[ZC + 1], zr[ZC];
static void ziginit(void) {
  double f = exp(-0.5 * ZR * ZR);
  zx[0] = ZV / f; zx[1] = ZR; zx[ZC] = 0;
  for (int i = 2; i < ZC; i++) { zx[i] = sqrt(-2 * log(ZV / zx[i - 1] + f)); f = exp(-0.5 * zx[i] * zx[i]); }
  for (int i = 0; i < ZC; i++) zr[i] = zx[i + 1] / zx[i];
}
static double gauss(void) {
  for (;;) {
    uint64_t r = next64();
    double u = ((double)(r >> 11) + 0.5) * 2.220446049250313e-16 - 1.0;
    int i = (int)(r & 0x7f);
    if (fabs(u) < zr[i]) return u * zx[i];
    if (i == 0) {
      double x, y;
      do { x = log(uniform01()) / ZR; y = log(uniform01()); } while (-2 * y < x * x);
      return u < 0 ? x - ZR : ZR - x;
    }
    double x = u * zx[i];
    double f0 = exp(-0.5 * (zx[i] * zx[i] - x * x)), f1 = exp(-0.5 * (zx[i + 1] * zx[i + 1] - x * x));
    if (f1 + uniform01() * (f0 - f1) < 1.0) return x;
  }
}

int main(int argc, char **argv) {
  int N = argc > 1 ? atoi(argv[1]) : 100, nets = argc > 2 ? atoi(argv[2]) : 100000;
  int rec = argc > 3 && strcmp(argv[3], "rec") == 0;
  const int P = 6;
  double xs[6] = {-0.01, -0.006, -0.002, 0.002, 0.006, 0.01}, V[6];
  ziginit();
  for (int p = 0; p < P; p++) V[p] = 1.0 + xs[p] * xs[p];
  // multiset tree, orders 1..6
  int parent[1000], pt[1000], nodes = 0, start[8];
  int ms[1000][6];
  start[1] = 0;
  for (int p = 0; p < P; p++) { ms[nodes][0] = p; parent[nodes] = 0; pt[nodes] = p; nodes++; }
  for (int o = 2; o <= 6; o++) {
    start[o] = nodes;
    for (int q = start[o - 1]; q < start[o]; q++) {
      for (int p = ms[q][o - 2]; p < P; p++) {
        memcpy(ms[nodes], ms[q], sizeof(int) * 6); ms[nodes][o - 1] = p;
        parent[nodes] = q + 1; pt[nodes] = p; nodes++;
      }
    }
  }
  double *w = malloc(N * 8), *b = malloc(N * 8), *xi = malloc(N * 8);
  double prod[1001], sum[1000] = {0}, f[6];
  prod[0] = 1;
  key = mix64(mix64(42 ^ 0x6a09e667f3bcc909ULL) + 1 * 0xd1b54a32d192ed03ULL);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  double scale = 1.0 / sqrt((double)N);
  for (int n = 0; n < nets; n++) {
    for (int j = 0; j < N; j++) w[j] = gauss();
    for (int j = 0; j < N; j++) b[j] = gauss();
    for (int j = 0; j < N; j++) xi[j] = gauss();
    double b1 = gauss();
    if (rec) {
      double acc[6] = {0};
      for (int j = 0; j < N; j++) {
        double c = xi[j] * exp(w[j] * xs[0] + b[j]), r = exp(w[j] * 0.004);
        for (int p = 0; p < P; p++) { acc[p] += c; c *= r; }
      }
      for (int p = 0; p < P; p++) f[p] = b1 + scale * exp(-V[p]) * acc[p];
    } else {
      for (int p = 0; p < P; p++) {
        double acc = 0;
        for (int j = 0; j < N; j++) acc += xi[j] * exp(w[j] * xs[p] + b[j] - V[p]);
        f[p] = b1 + scale * acc;
      }
    }
    for (int k = 0; k < nodes; k++) { double v = prod[parent[k]] * f[pt[k]]; prod[k + 1] = v; sum[k] += v; }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double dt = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  printf("C%s width %d: %.0f networks/s (%d networks, %.2f s; sum[6] / nets = %.6f)\n", rec ? " (recurrence)" : "", N, nets / dt, nets, dt, sum[6] / nets);
  return 0;
}
