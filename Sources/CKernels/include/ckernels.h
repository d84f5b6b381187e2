// Element-wise kernels for the BERT encoder in the Embeddings target.
//
// All matrices are row-major float32 with an explicit leading dimension (the distance in floats
// between the starts of two rows). The kernels are written so that clang vectorises them with
// -O3 -ffast-math -mavx2 -mfma; exp and erf use AVX2 intrinsics when available (no libm or libmvec
// calls in the hot loops) and a portable scalar polynomial otherwise.
#ifndef FOOTNOTE_CKERNELS_H
#define FOOTNOTE_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "ck_bf16.h"

#ifdef __cplusplus
extern "C" {
#endif

/// x[r, c] += bias[c] for r < rows, c < cols.
void ck_add_bias(float *x, const float *bias, int rows, int cols, int ld);

/// x[r, c] = gelu(x[r, c] + bias[c]) with the exact (erf) GELU: 0.5·v·(1 + erf(v/√2)).
void ck_bias_gelu(float *x, const float *bias, int rows, int cols, int ld);

/// In-place numerically stable softmax over each of `rows` rows of length `cols` (no-op if cols < 1).
void ck_softmax_rows(float *x, int rows, int cols, int ld);

/// x[r, :] = LayerNorm(x[r, :] + bias) · gamma + beta, over `cols` features; bias may be NULL.
void ck_bias_layernorm(float *x, const float *bias, const float *gamma, const float *beta,
                       int rows, int cols, int ld, float eps);

/// BERT input embeddings: out[t, :] = LayerNorm(word[ids[t]] + position[t] + tokenType) for t < n.
/// `word` is [vocab, cols], `position` is [max_positions, cols] (row t is used for token t),
/// `token_type` is one row (type 0), out is [n, cols] contiguous.
void ck_embed_layernorm(float *out, const int32_t *ids, int n, const float *word,
                        const float *position, const float *token_type,
                        const float *gamma, const float *beta, int cols, float eps);

/// out[c] = mean over r < rows of x[r, c] (row-major, leading dimension ld), then out is
/// L2-normalised when `normalize` is non-zero (a zero vector stays zero).
void ck_mean_pool(float *out, const float *x, int rows, int cols, int ld, int normalize);

/// Scales out[0..<n] to unit L2 norm (a zero vector stays zero).
void ck_l2_normalize(float *out, int n);

/// Vectorised exp and erf over arrays (for tests of the approximations): out[i] = f(in[i]).
void ck_exp_array(float *out, const float *in, int n);
void ck_erf_array(float *out, const float *in, int n);

#ifdef __cplusplus
}
#endif

#endif
