package org.nhsloginkeycloak.mappers;

import java.util.ArrayList;
import java.util.List;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What every mapper of ours tells Keycloak about itself, once: its id, its name and help in the admin console, and its
 * settings followed by Keycloak's "add to ID token / access token / userinfo / introspection" switches for the token
 * types the subclass implements.
 */
abstract class NhsProtocolMapper extends AbstractOIDCProtocolMapper implements ReleasesClaims {

    private final String id;
    private final String displayType;
    private final String helpText;
    private final List<ProviderConfigProperty> configProperties;

    NhsProtocolMapper(String id, String displayType, String helpText, List<ProviderConfigProperty> ownProperties) {
        this.id = id;
        this.displayType = displayType;
        this.helpText = helpText;
        List<ProviderConfigProperty> properties = new ArrayList<>(ownProperties);
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(properties, getClass());
        this.configProperties = List.copyOf(properties);
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final String getDisplayType() {
        return displayType;
    }

    @Override
    public final String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public final String getHelpText() {
        return helpText;
    }

    @Override
    public final List<ProviderConfigProperty> getConfigProperties() {
        return configProperties;
    }
}
