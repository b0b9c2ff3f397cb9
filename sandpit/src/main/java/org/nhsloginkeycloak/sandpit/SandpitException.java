package org.nhsloginkeycloak.sandpit;

/**
 * Something stops the sandpit from starting. The message is one sentence a person can act on: the launcher prints it
 * instead of a stack trace.
 */
public final class SandpitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SandpitException(String message) {
        super(message);
    }

    public SandpitException(String message, Throwable cause) {
        super(message, cause);
    }
}
