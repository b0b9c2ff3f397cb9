package org.nhsloginkeycloak.core;

/** Attributes of a partner's OIDC client that this bundle reads. Values are JSON arrays of vectors, as {@code vtr} is. */
public final class ClientAttributes {

    /**
     * The vectors of trust the partner is registered for, e.g. {@code ["P9.Cp.Cd","P9.Cp.Ck","P9.Cm"]}. A request asking
     * for any other vector is refused. A client without it is registered for NHS login's default,
     * {@code ["P9.Cp.Cd","P9.Cp.Ck","P9.Cm"]}, unless it is one of Keycloak's own (consoles, {@code admin-cli},
     * {@code broker}...), which are not partners.
     */
    public static final String REGISTERED_VTR = "nhs.vtr";

    /** What a request without {@code vtr} asks for; NHS login's own default when absent. */
    public static final String DEFAULT_VTR = "nhs.vtr.default";

    private ClientAttributes() {
    }
}
