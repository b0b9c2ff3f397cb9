package org.nhsloginkeycloak.mappers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.representations.IDToken;
import org.nhsloginkeycloak.core.ClaimNames;
import org.nhsloginkeycloak.core.NhsUser;

/**
 * Protocol mapper {@value #PROVIDER_ID}: the {@code phone} scope's claims. {@code phone_number} and
 * {@code phone_number_verified} when the citizen has a 2FA mobile; {@code phone_number_pds_matched} always, since NHS
 * login sends it whenever the scope is granted (Interface Specification table 11): {@code true} when AMNV matched the
 * very mobile this token carries to the PDS record, otherwise {@code false}. A match is sticky as a record, never for a
 * number that replaced the one matched.
 */
public final class PhoneClaimsMapper extends NhsProtocolMapper implements OIDCAccessTokenMapper,
        OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "nhs-phone-mapper";

    public PhoneClaimsMapper() {
        super(PROVIDER_ID, "NHS login: phone claims", "Releases phone_number and phone_number_verified (the citizen's"
                + " 2FA mobile) and phone_number_pds_matched (true while that mobile is the one AMNV matched to the"
                + " citizen's PDS record).",
                List.of());
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel model, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionContext) {
        token.getOtherClaims().putAll(claims(NhsUser.of(userSession.getUser())));
    }

    static Map<String, Object> claims(NhsUser user) {
        if (user.phoneNumber() == null) {
            return Map.of(ClaimNames.PHONE_NUMBER_PDS_MATCHED, false);
        }
        return Map.of(ClaimNames.PHONE_NUMBER, user.phoneNumber(),
                ClaimNames.PHONE_NUMBER_VERIFIED, user.phoneNumberVerified(),
                // A match is only meaningful for the number the citizen proved (NhsUser: and the one AMNV matched).
                ClaimNames.PHONE_NUMBER_PDS_MATCHED, user.phoneNumberVerified() && user.phoneNumberPdsMatched());
    }

    @Override
    public Set<String> claimsReleased(ProtocolMapperModel model) {
        return new java.util.TreeSet<>(List.of(ClaimNames.PHONE_NUMBER, ClaimNames.PHONE_NUMBER_VERIFIED,
                ClaimNames.PHONE_NUMBER_PDS_MATCHED));
    }
}
