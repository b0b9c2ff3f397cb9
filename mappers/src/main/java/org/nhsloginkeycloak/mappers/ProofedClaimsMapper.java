package org.nhsloginkeycloak.mappers;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.IDToken;
import org.nhsloginkeycloak.core.HeldNow;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.SessionNotes;

/**
 * Protocol mapper {@value #PROVIDER_ID}: releases the claims its configuration lists from the citizen's proofed
 * identity, and only for a citizen at or above the configured proofing level (P5 unless set). Every profile scope is
 * this one mapper with a different list, so a new profile variant is configuration, not code. A claim with no value is
 * left out, never sent as null or empty (Interface Specification 3.6.2.1).
 */
public final class ProofedClaimsMapper extends NhsProtocolMapper implements OIDCAccessTokenMapper,
        OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "nhs-proofed-claims-mapper";

    /**
     * Keycloak looks the message key up in the admin messages and, finding none, shows our message; without a key it
     * fails with a server error instead of the 400.
     */
    private static final String INVALID_CONFIG = "nhs-proofed-claims-invalid-config";

    public ProofedClaimsMapper() {
        super(PROVIDER_ID, "NHS login: proofed profile claims", "Releases the chosen claims (NHS number, names, date of"
                + " birth, proofing level, GP practice) from the citizen's traced identity, only when the citizen is at or"
                + " above the minimum proofing level.", ProviderConfigurationBuilder.create()
                .property().name(ProofedClaimsConfig.CLAIMS).label("Claims")
                .type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE)
                .options(Arrays.stream(ProofedClaim.values()).map(ProofedClaim::claimName).toList())
                .helpText("The NHS login claims this mapper releases from the citizen's traced PDS record.")
                .add()
                .property().name(ProofedClaimsConfig.MINIMUM_LEVEL).label("Minimum identity proofing level")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(Arrays.stream(ProofingLevel.values()).map(Enum::name).toList())
                .defaultValue(ProofedClaimsConfig.DEFAULT_MINIMUM_LEVEL.name())
                .helpText("Citizens below this level get none of the claims. NHS login releases profile claims from P5.")
                .add().build());
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel model, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionContext) {
        ProofedClaimsConfig config = ProofedClaimsConfig.cached(model.getConfig());
        UserModel user = userSession.getUser();
        // The lower of the level at this partner's sign-in and the level now: a token never says more than either.
        String levelAtSignIn = clientSessionContext == null || clientSessionContext.getClientSession() == null ? null
                : clientSessionContext.getClientSession().getNote(SessionNotes.LEVEL);
        ProofingLevel level = HeldNow.level(levelAtSignIn, NhsUser.levelOf(user));
        if (!level.isAtLeast(config.minimumLevel())) {
            return;
        }
        for (ProofedClaim claim : config.claims()) {
            Object value = claim.valueFor(user, level);
            if (value != null) {
                token.getOtherClaims().put(claim.claimName(), value);
            }
        }
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel container,
            ProtocolMapperModel model) throws ProtocolMapperConfigException {
        ProofedClaimsConfig config = ProofedClaimsConfig.of(model.getConfig());
        if (!config.unknown().isEmpty()) {
            throw new ProtocolMapperConfigException("Not claims or a level this mapper knows: " + config.unknown()
                    + "; claims: " + claimNames(Set.of(ProofedClaim.values())) + ", levels: P0, P5, P9", INVALID_CONFIG);
        }
        if (config.claims().isEmpty()) {
            throw new ProtocolMapperConfigException("Choose at least one claim to release", INVALID_CONFIG);
        }
    }

    @Override
    public Set<String> claimsReleased(ProtocolMapperModel model) {
        return claimNames(ProofedClaimsConfig.of(model.getConfig()).claims());
    }

    private static Set<String> claimNames(Set<ProofedClaim> claims) {
        return claims.stream().map(ProofedClaim::claimName).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
