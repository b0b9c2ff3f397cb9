package org.nhsloginkeycloak.core;

/** Names of the notes this bundle keeps on Keycloak's user session: what a sign-in proved, for mappers to release. */
public final class SessionNotes {

    /**
     * The credential part of the vector the sign-in achieved, e.g. {@code Cp.Cd} once password and SMS code are both
     * proved. Written by the authenticator that completes it.
     */
    public static final String CREDENTIALS = "nhs.credentials";

    private SessionNotes() {
    }
}
