package org.nhsloginkeycloak.mappers;

import java.util.List;
import java.util.stream.Stream;
import org.keycloak.Config;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.wellknown.WellKnownProvider;

/**
 * Well-known provider {@value #PROVIDER_ID}, served as {@code /.well-known/openid-configuration}: Keycloak's own
 * document, with {@code claims_supported} listing what the realm's scopes really release (Keycloak's fixed list names
 * claims NHS login never sends, like {@code preferred_username} and {@code acr}, and none of NHS login's). Realms
 * without our mappers keep Keycloak's list, and so does a {@code claims_supported} set through Keycloak's
 * {@code openid-configuration-override} option. Keycloak has no SPI for the claims alone, so this extends its factory.
 */
public final class NhsOpenIdConfigurationFactory extends OIDCWellKnownProviderFactory {

    public static final String PROVIDER_ID = "nhs-openid-configuration";

    @Override
    public WellKnownProvider create(KeycloakSession session) {
        WellKnownProvider keycloaks = super.create(session);
        return new WellKnownProvider() {
            @Override
            public Object getConfig() {
                Object config = keycloaks.getConfig();
                if (config instanceof OIDCConfigurationRepresentation oidc && !overridden()) {
                    claimsSupported(session).ifPresent(oidc::setClaimsSupported);
                }
                return config;
            }

            @Override
            public void close() {
                keycloaks.close();
            }
        };
    }

    /**
     * Reads Keycloak's own options for this document ({@code --spi-well-known--openid-configuration--...}: the override
     * file, whether to list client scopes), so replacing its factory changes nothing an administrator set.
     */
    @Override
    public void init(Config.Scope config) {
        super.init(Config.scope("well-known", OIDCWellKnownProviderFactory.PROVIDER_ID));
    }

    private boolean overridden() {
        return getOpenidConfigOverride() != null && getOpenidConfigOverride().containsKey("claims_supported");
    }

    /** The scopes partners can be given: those the realm advertises, and the defaults every new client gets. */
    private static java.util.Optional<List<String>> claimsSupported(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        List<ProtocolMapperModel> mappers = Stream.concat(
                        realm.getClientScopesStream().filter(ClientScopeModel::isIncludeInOpenIDProviderMetadata),
                        realm.getDefaultClientScopesStream(true))
                .filter(scope -> OIDCLoginProtocol.LOGIN_PROTOCOL.equals(scope.getProtocol()))
                .distinct()
                .flatMap(ClientScopeModel::getProtocolMappersStream)
                .toList();
        return ClaimsSupported.of(mappers, id -> (ProtocolMapper) session.getKeycloakSessionFactory()
                .getProviderFactory(ProtocolMapper.class, id));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getAlias() {
        return "openid-configuration";
    }

    /** Lower wins: Keycloak's own factory has 100. */
    @Override
    public int getPriority() {
        return 10;
    }
}
