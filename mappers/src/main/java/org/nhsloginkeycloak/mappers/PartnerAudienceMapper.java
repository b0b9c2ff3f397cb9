package org.nhsloginkeycloak.mappers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * Protocol mapper {@value #PROVIDER_ID}: the partner the access token was issued to is its audience. NHS login's access
 * tokens always carry {@code aud} (Interface Specification table 17); Keycloak sets one only from role mappings, which
 * partners have none of. Keycloak's introspection also answers only an audience, so without this a partner could not
 * introspect its own tokens.
 */
public final class PartnerAudienceMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, TokenIntrospectionTokenMapper, ReleasesClaims {

    public static final String PROVIDER_ID = "nhs-partner-audience-mapper";

    private static final List<ProviderConfigProperty> CONFIG = config();

    private static List<ProviderConfigProperty> config() {
        List<ProviderConfigProperty> properties = new ArrayList<>();
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(properties, PartnerAudienceMapper.class);
        return properties;
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

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "NHS login: partner as audience";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds the client the access token is issued to as its audience (aud).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }
}
