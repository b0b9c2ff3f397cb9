package org.nhsloginkeycloak.mappers;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.representations.IDToken;

/**
 * Protocol mapper {@value #PROVIDER_ID}: how a token names the partner it was issued to. In the access token the partner
 * is its audience: NHS login's access tokens always carry {@code aud} (Interface Specification table 17); Keycloak sets
 * one only from role mappings, which partners have none of, and its introspection answers only an audience, so without
 * this a partner could not introspect its own tokens. In the ID token the partner is already its {@code aud}, and the
 * {@code azp} Keycloak adds is taken out: table 16 lists {@code azp} as not supported. (The access token keeps its
 * {@code azp}: Keycloak's userinfo and introspection read it, and table 17 does not exclude it.)
 */
public final class PartnerAudienceMapper extends NhsProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "nhs-partner-audience-mapper";

    public PartnerAudienceMapper() {
        super(PROVIDER_ID, "NHS login: partner as audience",
                "Adds the client the access token is issued to as its audience (aud); in the ID token, removes azp.",
                List.of());
    }

    @Override
    public IDToken transformIDToken(IDToken token, ProtocolMapperModel model, KeycloakSession session,
            UserSessionModel userSession, ClientSessionContext clientSessionContext) {
        if (OIDCAttributeMapperHelper.includeInIDToken(model)) {
            // Keycloak's RP-initiated logout then needs client_id beside post_logout_redirect_uri (README, Logout).
            token.issuedFor(null);
        }
        return token;
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
