package org.nhsloginkeycloak.authenticators.vot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.nhsloginkeycloak.core.ClientAttributes;
import org.nhsloginkeycloak.core.InvalidVectorOfTrustException;
import org.nhsloginkeycloak.core.VectorOfTrust;
import org.nhsloginkeycloak.core.VectorsOfTrust;

/**
 * Decides what an authorization request asks for: its {@code vtr}, or its {@code acr_values} read as the same vectors
 * (space-separated, so generic OIDC clients can ask too), or the client's default; and whether the client is
 * registered for all of it.
 */
final class RequestedVectors {

    private RequestedVectors() {
    }

    /**
     * The vectors to enforce, or empty for one of Keycloak's own clients that asks for none. Any other client is a
     * partner: without its own {@code nhs.vtr} it is registered for NHS login's default, so a client nobody configured
     * asks for the strictest vectors and nothing below P9 is released by accident.
     *
     * @throws InvalidVectorOfTrustException with a message fit for {@code error_description}
     */
    static Optional<VectorsOfTrust> resolve(String vtr, String acrValues, ClientModel client) {
        if (vtr != null && acrValues != null) {
            throw new InvalidVectorOfTrustException("Send vtr or acr_values, not both");
        }
        String registeredText = client.getAttribute(ClientAttributes.REGISTERED_VTR);
        boolean partner = registeredText != null || !KeycloaksOwnClients.includes(client);
        if (!partner && vtr == null && acrValues == null) {
            return Optional.empty();
        }
        VectorsOfTrust requested;
        if (vtr != null) {
            requested = VectorsOfTrust.parseJson(vtr);
        } else if (acrValues != null) {
            requested = fromAcrValues(acrValues);
        } else {
            String defaultText = client.getAttribute(ClientAttributes.DEFAULT_VTR);
            requested = defaultText == null ? VectorsOfTrust.NHS_LOGIN_DEFAULT : registered(defaultText, client);
        }
        if (partner) {
            List<VectorOfTrust> allowed = registeredText == null ? VectorsOfTrust.NHS_LOGIN_DEFAULT.vectors()
                    : registered(registeredText, client).vectors();
            for (VectorOfTrust vector : requested.vectors()) {
                if (!allowed.contains(vector)) {
                    throw new InvalidVectorOfTrustException(
                            "Vector of trust " + vector + " is not registered for this client");
                }
            }
        }
        return Optional.of(requested);
    }

    /**
     * The request's {@code vtr}: as Keycloak parsed it (query, request object or pushed request alike), else as the
     * query or form carried it. Keycloak drops additional parameters beyond its count and size limits unless the server
     * fails fast; a {@code vtr} it dropped must not turn into the client's default, which may be lower.
     */
    static String vtrOf(java.util.Map<String, String> parsedAdditionalParameters, String rawVtr) {
        String parsed = parsedAdditionalParameters == null ? null : parsedAdditionalParameters.get(VTR);
        return parsed != null ? parsed : rawVtr;
    }

    static final String VTR = "vtr";

    private static VectorsOfTrust fromAcrValues(String acrValues) {
        List<String> values = new ArrayList<>();
        for (String value : acrValues.trim().split(" +")) {
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        if (values.isEmpty()) {
            throw new InvalidVectorOfTrustException("acr_values must not be empty");
        }
        try {
            return VectorsOfTrust.of(values.toArray(String[]::new));
        } catch (InvalidVectorOfTrustException e) {
            throw new InvalidVectorOfTrustException("acr_values: " + e.getMessage());
        }
    }

    /** A client's own setting; a broken one is the administrator's error, reported as such. */
    private static VectorsOfTrust registered(String json, ClientModel client) {
        try {
            return VectorsOfTrust.parseJson(json);
        } catch (InvalidVectorOfTrustException e) {
            throw new IllegalStateException("Client " + client.getClientId() + " has an invalid vectors-of-trust"
                    + " attribute: " + e.getMessage(), e);
        }
    }
}
