package org.nhsloginkeycloak.core;

/** Names of the notes this bundle keeps on Keycloak's sessions: what a sign-in proved, for mappers to release. */
public final class SessionNotes {

    /**
     * The credential part of the vector the sign-in achieved, e.g. {@code Cp.Cd} once password and SMS code are both
     * proved. Written by the authenticator that completes it.
     */
    public static final String CREDENTIALS = "nhs.credentials";

    /**
     * On the client session: the vector of trust this partner's sign-in reached, released as {@code vot}, e.g.
     * {@code P5.Cp.Cd}. Per client, because two partners may ask for different vectors in one SSO session.
     */
    public static final String VOT = "nhs.vot";

    /**
     * On the authentication session (a client note): the vectors the partner asked for, as the JSON array they
     * resolved to ({@code vtr}, {@code acr_values} or the client's default). Set before any page is shown.
     */
    public static final String REQUESTED_VTR = "nhs.vtr.requested";

    /**
     * On the client session: the citizen's {@code identity_proofing_level} when this partner's sign-in finished (or an
     * uplift through {@code kc_action} raised it). Later tokens release the lower of it and the level held now.
     */
    public static final String LEVEL = "nhs.level";

    private SessionNotes() {
    }
}
