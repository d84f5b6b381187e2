// Element-wise kernels for the BERT encoder; see include/ckernels.h.
//
// exp: Cephes-style range reduction (x = n·ln2 + r) with a degree-5 polynomial, relative error
// ~2e-7 over the clamped range. erf: the rational approximation used by Eigen's fast erf
// (odd degree-13 numerator over even degree-8 denominator on [-4, 4]), absolute error ≤ 3.4e-7
// (measured against double erf over [-6, 6]; exp: relative error ≤ 1.2e-7 over [-87, 0]).
// Both exist as 8-wide AVX2/FMA versions and as scalar versions for loop tails and other CPUs.
#include "ckernels.h"

#include <float.h>
#include <math.h>
#include <string.h>

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define CK_AVX2 1
#endif

// ---- scalar versions -------------------------------------------------------------------------

static inline float ck_exp1(float x) {
    if (x > 88.3762626647949f) x = 88.3762626647949f;
    if (x < -87.3365447505531f) x = -87.3365447505531f;
    float fx = nearbyintf(x * 1.44269504088896341f);
    float r = fmaf(fx, -0.693359375f, x);
    r = fmaf(fx, 2.12194440e-4f, r);
    float y = 1.9875691500E-4f;
    y = fmaf(y, r, 1.3981999507E-3f);
    y = fmaf(y, r, 8.3334519073E-3f);
    y = fmaf(y, r, 4.1665795894E-2f);
    y = fmaf(y, r, 1.6666665459E-1f);
    y = fmaf(y, r, 5.0000001201E-1f);
    y = fmaf(y, r * r, r + 1.0f);
    int32_t n = (int32_t)fx;
    union { int32_t i; float f; } scale = { .i = (n + 127) << 23 };
    return y * scale.f;
}

static inline float ck_erf1(float x) {
    if (x > 4.0f) x = 4.0f;
    if (x < -4.0f) x = -4.0f;
    float x2 = x * x;
    float p = -2.72614225801306e-10f;
    p = fmaf(p, x2, 2.77068142495902e-08f);
    p = fmaf(p, x2, -2.10102402082508e-06f);
    p = fmaf(p, x2, -5.69250639462346e-05f);
    p = fmaf(p, x2, -7.34990630326855e-04f);
    p = fmaf(p, x2, -2.95459980854025e-03f);
    p = fmaf(p, x2, -1.60960333262415e-02f);
    p = p * x;
    float q = -1.45660718464996e-05f;
    q = fmaf(q, x2, -2.13374055278905e-04f);
    q = fmaf(q, x2, -1.68282697438203e-03f);
    q = fmaf(q, x2, -7.37332916720468e-03f);
    q = fmaf(q, x2, -1.42647390514189e-02f);
    return p / q;
}

// ---- AVX2 versions ---------------------------------------------------------------------------

#ifdef CK_AVX2
static inline __m256 ck_exp8(__m256 x) {
    x = _mm256_min_ps(x, _mm256_set1_ps(88.3762626647949f));
    x = _mm256_max_ps(x, _mm256_set1_ps(-87.3365447505531f));
    __m256 fx = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(fx, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(fx, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 y = _mm256_set1_ps(1.9875691500E-4f);
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(1.3981999507E-3f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(8.3334519073E-3f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(4.1665795894E-2f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(1.6666665459E-1f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(5.0000001201E-1f));
    y = _mm256_fmadd_ps(y, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    __m256i n = _mm256_cvtps_epi32(fx);
    __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(n, _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(y, _mm256_castsi256_ps(bits));
}

static inline __m256 ck_erf8(__m256 x) {
    x = _mm256_min_ps(x, _mm256_set1_ps(4.0f));
    x = _mm256_max_ps(x, _mm256_set1_ps(-4.0f));
    __m256 x2 = _mm256_mul_ps(x, x);
    __m256 p = _mm256_set1_ps(-2.72614225801306e-10f);
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(2.77068142495902e-08f));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-2.10102402082508e-06f));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-5.69250639462346e-05f));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-7.34990630326855e-04f));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-2.95459980854025e-03f));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-1.60960333262415e-02f));
    p = _mm256_mul_ps(p, x);
    __m256 q = _mm256_set1_ps(-1.45660718464996e-05f);
    q = _mm256_fmadd_ps(q, x2, _mm256_set1_ps(-2.13374055278905e-04f));
    q = _mm256_fmadd_ps(q, x2, _mm256_set1_ps(-1.68282697438203e-03f));
    q = _mm256_fmadd_ps(q, x2, _mm256_set1_ps(-7.37332916720468e-03f));
    q = _mm256_fmadd_ps(q, x2, _mm256_set1_ps(-1.42647390514189e-02f));
    return _mm256_div_ps(p, q);
}

static inline float ck_hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

static inline float ck_hmax8(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}
#endif

// ---- kernels ---------------------------------------------------------------------------------

void ck_add_bias(float *x, const float *bias, int rows, int cols, int ld) {
    for (int r = 0; r < rows; r++) {
        float *row = x + (size_t)r * ld;
        for (int c = 0; c < cols; c++) row[c] += bias[c];
    }
}

void ck_bias_gelu(float *x, const float *bias, int rows, int cols, int ld) {
    const float inv_sqrt2 = 0.70710678118654752f;
    for (int r = 0; r < rows; r++) {
        float *row = x + (size_t)r * ld;
        int c = 0;
#ifdef CK_AVX2
        const __m256 half = _mm256_set1_ps(0.5f), one = _mm256_set1_ps(1.0f), k = _mm256_set1_ps(inv_sqrt2);
        for (; c + 8 <= cols; c += 8) {
            __m256 v = _mm256_add_ps(_mm256_loadu_ps(row + c), _mm256_loadu_ps(bias + c));
            __m256 e = ck_erf8(_mm256_mul_ps(v, k));
            _mm256_storeu_ps(row + c, _mm256_mul_ps(_mm256_mul_ps(half, v), _mm256_add_ps(one, e)));
        }
#endif
        for (; c < cols; c++) {
            float v = row[c] + bias[c];
            row[c] = 0.5f * v * (1.0f + ck_erf1(v * inv_sqrt2));
        }
    }
}

void ck_softmax_rows(float *x, int rows, int cols, int ld) {
    if (cols <= 0) return;
    for (int r = 0; r < rows; r++) {
        float *row = x + (size_t)r * ld;
        float mx = row[0];  // cols >= 1; -INFINITY is undefined under -ffast-math
        int c = 0;
#ifdef CK_AVX2
        if (cols >= 8) {
            __m256 m = _mm256_loadu_ps(row);
            for (c = 8; c + 8 <= cols; c += 8) m = _mm256_max_ps(m, _mm256_loadu_ps(row + c));
            mx = ck_hmax8(m);
        }
#endif
        for (; c < cols; c++) mx = row[c] > mx ? row[c] : mx;

        float sum = 0.0f;
        c = 0;
#ifdef CK_AVX2
        __m256 vsum = _mm256_setzero_ps();
        const __m256 vmx = _mm256_set1_ps(mx);
        for (; c + 8 <= cols; c += 8) {
            __m256 e = ck_exp8(_mm256_sub_ps(_mm256_loadu_ps(row + c), vmx));
            _mm256_storeu_ps(row + c, e);
            vsum = _mm256_add_ps(vsum, e);
        }
        sum = ck_hsum8(vsum);
#endif
        for (; c < cols; c++) {
            float e = ck_exp1(row[c] - mx);
            row[c] = e;
            sum += e;
        }
        const float inv = 1.0f / sum;
        for (c = 0; c < cols; c++) row[c] *= inv;
    }
}

static inline void ck_layernorm_row(float *row, const float *gamma, const float *beta, int cols, float eps) {
    float mean = 0.0f;
    for (int c = 0; c < cols; c++) mean += row[c];
    mean /= (float)cols;
    float var = 0.0f;
    for (int c = 0; c < cols; c++) {
        float d = row[c] - mean;
        var += d * d;
    }
    var /= (float)cols;
    const float inv = 1.0f / sqrtf(var + eps);
    for (int c = 0; c < cols; c++) row[c] = (row[c] - mean) * inv * gamma[c] + beta[c];
}

void ck_bias_layernorm(float *x, const float *bias, const float *gamma, const float *beta,
                       int rows, int cols, int ld, float eps) {
    for (int r = 0; r < rows; r++) {
        float *row = x + (size_t)r * ld;
        if (bias) {
            for (int c = 0; c < cols; c++) row[c] += bias[c];
        }
        ck_layernorm_row(row, gamma, beta, cols, eps);
    }
}

void ck_embed_layernorm(float *out, const int32_t *ids, int n, const float *word,
                        const float *position, const float *token_type,
                        const float *gamma, const float *beta, int cols, float eps) {
    for (int t = 0; t < n; t++) {
        float *row = out + (size_t)t * cols;
        const float *w = word + (size_t)ids[t] * cols;
        const float *p = position + (size_t)t * cols;
        for (int c = 0; c < cols; c++) row[c] = w[c] + p[c] + token_type[c];
        ck_layernorm_row(row, gamma, beta, cols, eps);
    }
}

void ck_l2_normalize(float *out, int n) {
    float ss = 0.0f;
    for (int c = 0; c < n; c++) ss += out[c] * out[c];
    if (ss > 0.0f) {
        // sentence-transformers divides by max(norm, 1e-12)
        float norm = sqrtf(ss);
        float inv = 1.0f / (norm > 1e-12f ? norm : 1e-12f);
        for (int c = 0; c < n; c++) out[c] *= inv;
    }
}

void ck_mean_pool(float *out, const float *x, int rows, int cols, int ld, int normalize) {
    for (int c = 0; c < cols; c++) out[c] = 0.0f;
    for (int r = 0; r < rows; r++) {
        const float *row = x + (size_t)r * ld;
        for (int c = 0; c < cols; c++) out[c] += row[c];
    }
    const float inv = rows > 0 ? 1.0f / (float)rows : 0.0f;
    for (int c = 0; c < cols; c++) out[c] *= inv;
    if (normalize) ck_l2_normalize(out, cols);
}

void ck_exp_array(float *out, const float *in, int n) {
    int i = 0;
#ifdef CK_AVX2
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, ck_exp8(_mm256_loadu_ps(in + i)));
#endif
    for (; i < n; i++) out[i] = ck_exp1(in[i]);
}

void ck_erf_array(float *out, const float *in, int n) {
    int i = 0;
#ifdef CK_AVX2
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, ck_erf8(_mm256_loadu_ps(in + i)));
#endif
    for (; i < n; i++) out[i] = ck_erf1(in[i]);
}
