package org.nhsloginkeycloak.authenticators.details;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.IDToken;
import org.keycloak.services.Urls;
import org.keycloak.util.TokenUtil;
import org.nhsloginkeycloak.core.ClaimNames;
import org.nhsloginkeycloak.core.NhsUser;

/**
 * The NHS login ID token that NHS England's token exchange takes for a citizen's own access to PDS (patient access,
 * the team's {@code pds-fhir-contract.md} §1): minted by this realm, for the citizen's session, to the realm's client
 * registered for the purpose ({@value #CLIENT}), and signed with the realm's keys as that client's ID tokens are, so
 * the exchange checks it against the realm's published keys as it would NHS login's. It lives two minutes, carries the
 * citizen's NHS number and proofing level (what the exchange grants access by) and leaves the server only for the
 * token endpoint. Minted through the token SPI ({@code session.tokens()}); Keycloak's own token issuance would need a
 * client session and a code flow this page does not have.
 */
final class PatientIdToken {

    /** The realm's client the ID token is issued to: its client id is the token's audience. */
    static final String CLIENT = "nhs-pds-access";
    static final long LIFETIME_SECONDS = 120;

    private static final Logger LOG = Logger.getLogger(PatientIdToken.class);

    private PatientIdToken() {
    }

    /** The ID token, or empty when the realm has no such client (the realm upgrade creates it). */
    static Optional<String> mint(KeycloakSession session, RealmModel realm, UserModel user, String userSessionId,
            Instant now) {
        ClientModel client = realm.getClientByClientId(CLIENT);
        if (client == null || !client.isEnabled()) {
            LOG.errorf("Realm %s has no enabled client %s, which a citizen's own access to PDS is minted for: run the"
                    + " realm upgrade to create it. Nothing is written to PDS", realm.getName(), CLIENT);
            return Optional.empty();
        }
        NhsUser citizen = NhsUser.of(user);
        IDToken token = new IDToken();
        token.type(TokenUtil.TOKEN_TYPE_ID);
        token.id(UUID.randomUUID().toString());
        token.issuer(Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        token.audience(client.getClientId());
        token.issuedFor(client.getClientId());
        token.subject(user.getId());
        token.iat(now.getEpochSecond());
        token.exp(now.getEpochSecond() + LIFETIME_SECONDS);
        token.setSessionId(userSessionId);
        UserSessionModel userSession = session.sessions().getUserSession(realm, userSessionId);
        token.setAuth_time((long) (userSession == null ? (int) now.getEpochSecond() : userSession.getStarted()));
        token.getOtherClaims().put(ClaimNames.NHS_NUMBER, citizen.nhsNumber());
        token.getOtherClaims().put(ClaimNames.IDENTITY_PROOFING_LEVEL, citizen.level().name());
        // Signed as the registered client's ID tokens are (its algorithm), not as the partner's the sign-in is for.
        KeycloakContext context = session.getContext();
        ClientModel partner = context.getClient();
        context.setClient(client);
        try {
            return Optional.of(session.tokens().encode(token));
        } catch (RuntimeException e) {
            // No key for the client's algorithm, say: the citizen is told nothing was changed, and nothing was.
            LOG.errorf("The ID token for a citizen's PDS access could not be signed for %s (%s): nothing is written to"
                    + " PDS", CLIENT, e.getClass().getSimpleName());
            return Optional.empty();
        } finally {
            context.setClient(partner);
        }
    }
}
