package org.nhsloginkeycloak.mappers;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;

/**
 * The {@code claims_supported} of a realm's discovery document, worked out from what its client scopes' mappers
 * release to partners (into the ID token, the access token or userinfo), after the claims every token carries.
 */
final class ClaimsSupported {

    /** Claims of the protocol itself, in every ID token or decided by the request (Interface Specification table 16). */
    static final List<String> PROTOCOL = List.of("iss", "sub", "aud", "exp", "iat", "jti", "auth_time", "nonce");

    private ClaimsSupported() {
    }

    /**
     * @param mappers the mappers of the scopes partners can be given
     * @param factories the mapper implementation behind a model's {@code protocolMapper} id, if deployed
     * @return empty when no mapper is one of ours: the realm is not an NHS login realm, and Keycloak's own list stands
     */
    static Optional<List<String>> of(Collection<ProtocolMapperModel> mappers,
            Function<String, ProtocolMapper> factories) {
        Set<String> claims = new LinkedHashSet<>(PROTOCOL);
        boolean ours = false;
        for (ProtocolMapperModel model : mappers) {
            if (!releasedToPartners(model)) {
                continue;
            }
            ProtocolMapper mapper = factories.apply(model.getProtocolMapper());
            if (mapper instanceof ReleasesClaims releases) {
                ours = true;
                claims.addAll(releases.claimsReleased(model));
            } else {
                String name = model.getConfig() == null ? null : model.getConfig().get(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME);
                if (name != null && !name.isBlank()) {
                    // Keycloak's dotted claim names nest; the partner sees the top-level claim.
                    claims.add(name.split("(?<!\\\\)\\.", 2)[0].replace("\\.", "."));
                }
            }
        }
        return ours ? Optional.of(List.copyOf(claims)) : Optional.empty();
    }

    private static boolean releasedToPartners(ProtocolMapperModel model) {
        return OIDCAttributeMapperHelper.includeInIDToken(model) || OIDCAttributeMapperHelper.includeInAccessToken(model)
                || OIDCAttributeMapperHelper.includeInUserInfo(model);
    }
}
