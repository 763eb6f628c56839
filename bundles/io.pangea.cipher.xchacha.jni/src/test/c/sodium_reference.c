/*
 * An independent XChaCha20-Poly1305 for the interoperability tests: libsodium's, compiled and run by
 * SodiumReference.java. Reads lines "seal KEY NONCE AAD MESSAGE" or "hchacha20 KEY NONCE16" (hex, "-" for
 * empty) on stdin and answers each with one line of hex.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *unhex(const char *text, size_t *length) {
    size_t n = strcmp(text, "-") == 0 ? 0 : strlen(text) / 2;
    unsigned char *bytes = malloc(n + 1);
    if (bytes == NULL || (n > 0 && sodium_hex2bin(bytes, n, text, 2 * n, NULL, length, NULL) != 0)) {
        exit(2);
    }
    *length = n;
    return bytes;
}

static void print_hex(const unsigned char *bytes, size_t length) {
    char *text = malloc(2 * length + 1);
    if (text == NULL) {
        exit(2);
    }
    sodium_bin2hex(text, 2 * length + 1, bytes, length);
    puts(length == 0 ? "-" : text);
    free(text);
}

int main(void) {
    static char line[8 << 20];
    if (sodium_init() < 0) {
        return 1;
    }
    while (fgets(line, sizeof line, stdin) != NULL) {
        char *op = strtok(line, " \n");
        size_t key_length, nonce_length, aad_length, message_length;
        if (op == NULL) {
            continue;
        }
        unsigned char *key = unhex(strtok(NULL, " \n"), &key_length);
        unsigned char *nonce = unhex(strtok(NULL, " \n"), &nonce_length);
        if (strcmp(op, "hchacha20") == 0) {
            unsigned char out[32];
            crypto_core_hchacha20(out, nonce, key, NULL);
            print_hex(out, sizeof out);
        } else {
            unsigned char *aad = unhex(strtok(NULL, " \n"), &aad_length);
            unsigned char *message = unhex(strtok(NULL, " \n"), &message_length);
            unsigned char *sealed = malloc(message_length + crypto_aead_xchacha20poly1305_ietf_ABYTES);
            unsigned long long sealed_length;
            crypto_aead_xchacha20poly1305_ietf_encrypt(sealed, &sealed_length, message, message_length, aad,
                                                       aad_length, NULL, nonce, key);
            print_hex(sealed, (size_t) sealed_length);
            free(aad);
            free(message);
            free(sealed);
        }
        fflush(stdout);
        free(key);
        free(nonce);
    }
    return 0;
}
