package org.nhsloginkeycloak.mappers;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.representations.IDToken;

/**
 * Protocol mapper {@value #PROVIDER_ID}: the partner the access token was issued to is its audience. NHS login's access
 * tokens always carry {@code aud} (Interface Specification table 17); Keycloak sets one only from role mappings, which
 * partners have none of. Keycloak's introspection also answers only an audience, so without this a partner could not
 * introspect its own tokens.
 */
public final class PartnerAudienceMapper extends NhsProtocolMapper
        implements OIDCAccessTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "nhs-partner-audience-mapper";

    public PartnerAudienceMapper() {
        super(PROVIDER_ID, "NHS login: partner as audience",
                "Adds the client the access token is issued to as its audience (aud).", List.of());
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel model, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionContext) {
        String partner = clientSessionContext.getClientSession().getClient().getClientId();
        String[] audience = token.getAudience();
        if (audience == null || !Arrays.asList(audience).contains(partner)) {
            token.addAudience(partner);
        }
    }

    @Override
    public Set<String> claimsReleased(ProtocolMapperModel model) {
        return Set.of("aud");
    }
}
