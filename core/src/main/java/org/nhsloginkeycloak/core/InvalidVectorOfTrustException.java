package org.nhsloginkeycloak.core;

/**
 * A {@code vtr} or vector of trust that cannot be honoured. The message is written for the partner's developer (it
 * becomes the {@code error_description} of an {@code invalid_request}), quotes at most a short, escaped piece of the
 * input, and never holds personal data.
 */
public final class InvalidVectorOfTrustException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidVectorOfTrustException(String message) {
        super(message);
    }

    InvalidVectorOfTrustException(String message, Throwable cause) {
        super(message, cause);
    }
}
