package org.nhsloginkeycloak.mappers;

import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.IDToken;
import org.keycloak.services.Urls;
import org.nhsloginkeycloak.core.ClaimNames;
import org.nhsloginkeycloak.core.HeldNow;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.SessionNotes;
import org.nhsloginkeycloak.core.VectorOfTrust;

/**
 * Protocol mapper {@value #PROVIDER_ID}: {@code vot}, the vector this partner's sign-in reached, and {@code vtm}, the
 * trustmark that defines the vectors. {@code vot} comes from the client session, so each partner keeps the vector of
 * its own request, across refreshes and whatever other partners the citizen signs in to; but never above the level the
 * account holds when the token is made. Keycloak's mapper API makes a
 * mapper its own factory.
 */
public final class VectorOfTrustMapper extends NhsProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "nhs-vot-mapper";
    /** Mapper config: the trustmark URL; the realm's issuer followed by {@code /trustmark} when empty. */
    static final String TRUSTMARK = "trustmark";

    public VectorOfTrustMapper() {
        super(PROVIDER_ID, "NHS login: vectors of trust (vot, vtm)", "Releases vot (the vector of trust this sign-in"
                + " reached for this client) and vtm (the trustmark).", ProviderConfigurationBuilder.create()
                .property().name(TRUSTMARK).label("Trustmark URL (vtm)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("HTTPS URL of the trustmark released as vtm. Empty: the realm's issuer followed by /trustmark.")
                .add().build());
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel model, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionContext) {
        AuthenticatedClientSessionModel clientSession = clientSessionContext.getClientSession();
        String reached = clientSession.getNote(SessionNotes.VOT);
        if (reached == null) {
            // A sign-in the vectors-of-trust gate did not judge (one of Keycloak's own clients): no vot, and no vtm.
            return;
        }
        // Read again for every token: a refresh after an administrator lowered the citizen's level must not repeat the
        // sign-in's level. The refresh itself is refused when no requested vector is met any more (the client-policy
        // executor); should that policy be off, the token carries no vot rather than one the account does not hold.
        Optional<VectorOfTrust> vot = HeldNow.vot(reached, clientSession.getNote(SessionNotes.REQUESTED_VTR),
                userSession.getNote(SessionNotes.CREDENTIALS), NhsUser.levelOf(userSession.getUser()));
        if (vot.isEmpty()) {
            return;
        }
        token.getOtherClaims().put(ClaimNames.VOT, vot.get().toString());
        String trustmark = model.getConfig() == null ? null : model.getConfig().get(TRUSTMARK);
        token.getOtherClaims().put(ClaimNames.VTM, trustmark == null || trustmark.isBlank()
                ? Urls.realmIssuer(session.getContext().getUri().getBaseUri(), session.getContext().getRealm().getName())
                        + "/trustmark"
                : trustmark);
    }

    @Override
    public Set<String> claimsReleased(ProtocolMapperModel model) {
        return new java.util.TreeSet<>(List.of(ClaimNames.VOT, ClaimNames.VTM));
    }
}
