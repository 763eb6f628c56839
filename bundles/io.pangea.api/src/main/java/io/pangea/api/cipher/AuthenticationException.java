package io.pangea.api.cipher;

import java.security.GeneralSecurityException;

/** A ciphertext failed authentication: wrong key or nonce, or the data was altered. */
public class AuthenticationException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }
}
