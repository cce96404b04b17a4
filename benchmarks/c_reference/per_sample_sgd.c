/* Per-sample momentum SGD for a 784-H-10 ReLU/softmax MLP, the algorithm of the C original
 * (miniMNIST-c), written from its maths for mugui's benchmark. Reads raw float32 inputs and
 * uint8 labels, trains one epoch in file order, prints the seconds it took: wall, then CPU.
 * usage: per_sample_sgd IMAGES.f32 LABELS.u8 N HIDDEN LR MOMENTUM */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc != 7) return 2;
    int n = atoi(argv[3]), h = atoi(argv[4]);
    float lr = atof(argv[5]), mu = atof(argv[6]);
    float *x = malloc(sizeof(float) * 784 * n);
    unsigned char *y = malloc(n);
    FILE *f = fopen(argv[1], "rb");
    if (!f || fread(x, sizeof(float), 784 * (size_t)n, f) != 784 * (size_t)n) return 3;
    fclose(f);
    f = fopen(argv[2], "rb");
    if (!f || fread(y, 1, n, f) != (size_t)n) return 3;
    fclose(f);
    float *w1 = malloc(sizeof(float) * 784 * h), *v1 = calloc(784 * h, sizeof(float));
    float *b1 = calloc(h, sizeof(float)), *vb1 = calloc(h, sizeof(float));
    float *w2 = malloc(sizeof(float) * h * 10), *v2 = calloc(h * 10, sizeof(float));
    float b2[10] = {0}, vb2[10] = {0};
    srand(1);
    for (int i = 0; i < 784 * h; i++) w1[i] = ((float)rand() / RAND_MAX - 0.5f) * 2 * sqrtf(2.0f / 784);
    for (int i = 0; i < h * 10; i++) w2[i] = ((float)rand() / RAND_MAX - 0.5f) * 2 * sqrtf(2.0f / h);
    float *hid = malloc(sizeof(float) * h), *gh = malloc(sizeof(float) * h);
    double start = now(CLOCK_MONOTONIC), start_cpu = now(CLOCK_PROCESS_CPUTIME_ID);
    for (int s = 0; s < n; s++) {
        const float *in = x + (size_t)s * 784;
        for (int j = 0; j < h; j++) hid[j] = b1[j];
        for (int i = 0; i < 784; i++) {
            float xi = in[i];
            const float *row = w1 + (size_t)i * h;
            for (int j = 0; j < h; j++) hid[j] += xi * row[j];
        }
        for (int j = 0; j < h; j++) hid[j] = hid[j] > 0 ? hid[j] : 0;
        float out[10], mx = -1e30f, sum = 0;
        for (int k = 0; k < 10; k++) {
            out[k] = b2[k];
            for (int j = 0; j < h; j++) out[k] += hid[j] * w2[j * 10 + k];
            if (out[k] > mx) mx = out[k];
        }
        for (int k = 0; k < 10; k++) { out[k] = expf(out[k] - mx); sum += out[k]; }
        for (int k = 0; k < 10; k++) out[k] = out[k] / sum - (k == y[s]);
        for (int j = 0; j < h; j++) {
            float g = 0;
            for (int k = 0; k < 10; k++) {
                g += out[k] * w2[j * 10 + k];
                v2[j * 10 + k] = mu * v2[j * 10 + k] + lr * out[k] * hid[j];
                w2[j * 10 + k] -= v2[j * 10 + k];
            }
            gh[j] = hid[j] > 0 ? g : 0;
        }
        for (int k = 0; k < 10; k++) { vb2[k] = mu * vb2[k] + lr * out[k]; b2[k] -= vb2[k]; }
        for (int i = 0; i < 784; i++) {
            float xi = in[i];
            float *row = w1 + (size_t)i * h, *vrow = v1 + (size_t)i * h;
            for (int j = 0; j < h; j++) { vrow[j] = mu * vrow[j] + lr * xi * gh[j]; row[j] -= vrow[j]; }
        }
        for (int j = 0; j < h; j++) { vb1[j] = mu * vb1[j] + lr * gh[j]; b1[j] -= vb1[j]; }
    }
    printf("%.6f %.6f\n", now(CLOCK_MONOTONIC) - start, now(CLOCK_PROCESS_CPUTIME_ID) - start_cpu);
    return 0;
}
