// bfloat16 GEMM for the encoder's linear layers, on CPUs with AVX512_BF16 (vdpbf16ps).
//
// y[rows, n] (= or +=) x[rows, k] · Wᵀ, W stored [n, k] like a PyTorch Linear weight. Inputs are
// rounded to bfloat16 (round to nearest even) and multiplied in pairs with float32 accumulation,
// twice the float32 FMA rate of the same core. The weights are converted and packed once
// (ck_bf16_pack_weights); the activations are converted into caller-owned scratch on every call.
#ifndef FOOTNOTE_CK_BF16_H
#define FOOTNOTE_CK_BF16_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when this CPU and OS run AVX-512 BF16 instructions, else 0 (then no other function here may be called).
int ck_bf16_supported(void);

/// Number of uint16_t elements ck_bf16_pack_weights writes for a [n, k] weight matrix.
size_t ck_bf16_packed_weights_count(int n, int k);

/// Converts W [n, k] (row-major float32) to bfloat16 panels of 48 output columns, k in pairs, zero padded.
void ck_bf16_pack_weights(uint16_t *out, const float *w, int n, int k);

/// Number of uint16_t elements of scratch ck_bf16_linear needs for `rows` rows of k inputs.
size_t ck_bf16_scratch_count(int rows, int k);

/// y[r, c] = (accumulate ? y[r, c] : 0) + Σ_j bf16(x[r, j]) · bf16(W[c, j]) for r < rows, c < n.
/// x has leading dimension ldx ≥ k, y has ldy ≥ n; `packed` comes from ck_bf16_pack_weights(n, k);
/// `scratch` holds ck_bf16_scratch_count(rows, k) elements.
void ck_bf16_linear(float *y, int ldy, const float *x, int ldx, int rows, const uint16_t *packed,
                    int n, int k, int accumulate, uint16_t *scratch);

#ifdef __cplusplus
}
#endif

#endif
