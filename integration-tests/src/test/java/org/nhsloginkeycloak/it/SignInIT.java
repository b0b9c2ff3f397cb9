package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Http;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.sandpit.Sandpit;

/** A sandpit citizen signs in to a partner through the authorization code flow with PKCE and private_key_jwt. */
@ExtendWith(SandpitExtension.class)
class SignInIT {

    private static final String CITIZEN = "p9.citizen@sandpit.example";
    private static final String PASSWORD = "sandpit-password";

    @Test
    void aCitizenSignsInAndThePartnerGetsRs512SignedTokens(Sandpit sandpit) throws Exception {
        Partner partner = Partner.gpServices(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid");

        URI redirect = new Citizen(sandpit).signIn(request.uri(), CITIZEN, PASSWORD).redirect();
        HttpResponse<String> response = partner.redeem(partner.code(request, redirect), request.codeVerifier());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode tokens = Json.parse(response.body());
        String idToken = tokens.path("id_token").asText();
        String accessToken = tokens.path("access_token").asText();
        assertThat(Json.jwtHeader(idToken).path("alg").asText()).isEqualTo("RS512");
        assertThat(Json.jwtHeader(accessToken).path("alg").asText()).isEqualTo("RS512");
        assertThat(verifiesWithRealmKey(sandpit, idToken)).as("ID token signature").isTrue();

        JsonNode id = Json.jwtPayload(idToken);
        assertThat(id.path("iss").asText()).isEqualTo(sandpit.realmUrl().toString());
        assertThat(id.path("aud").asText()).isEqualTo(Partner.GP_SERVICES);
        assertThat(id.path("nonce").asText()).isEqualTo(request.nonce());
        assertThat(id.path("sub").asText()).isEqualTo(new AdminApi(sandpit).user(CITIZEN).path("id").asText());

        JsonNode access = Json.jwtPayload(accessToken);
        assertThat(access.path("exp").asLong() - access.path("iat").asLong()).as("access token lifetime").isEqualTo(300);
        assertThat(tokens.path("expires_in").asInt()).isBetween(290, 300);
    }

    @Test
    void aCodeIsRedeemedOnlyWithItsOwnPkceVerifierAndOnlyOnce(Sandpit sandpit) {
        Partner partner = Partner.gpServices(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid");
        String code = partner.code(request, new Citizen(sandpit).signIn(request.uri(), CITIZEN, PASSWORD).redirect());

        HttpResponse<String> wrongVerifier = partner.redeem(code, partner.authorize("openid").codeVerifier());
        assertThat(wrongVerifier.statusCode()).isEqualTo(400);
        assertThat(Json.parse(wrongVerifier.body()).path("error").asText()).isEqualTo("invalid_grant");

        // Keycloak spends a code on its first use, even a refused one: a stolen code cannot be tried twice.
        HttpResponse<String> again = partner.redeem(code, request.codeVerifier());
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(Json.parse(again.body()).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aPartnerThatSignsWithAnotherKeyIsNotAuthenticated(Sandpit sandpit) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Partner impostor = new Partner(sandpit, Partner.GP_SERVICES, Partner.SANDPIT_REDIRECT,
                generator.generateKeyPair().getPrivate());
        Partner.AuthorizationRequest request = impostor.authorize("openid");
        String code = impostor.code(request, new Citizen(sandpit).signIn(request.uri(), CITIZEN, PASSWORD).redirect());

        HttpResponse<String> response = impostor.redeem(code, request.codeVerifier());

        assertThat(response.statusCode()).isIn(400, 401);
        assertThat(Json.parse(response.body()).path("error").asText()).isIn("invalid_client", "unauthorized_client");
        assertThat(Json.parse(response.body()).has("access_token")).isFalse();
    }

    @Test
    void aWrongPasswordKeepsTheCitizenOnTheSignInPage(Sandpit sandpit) {
        Partner partner = Partner.gpServices(sandpit);

        Citizen.Landing landing = new Citizen(sandpit).signIn(partner.authorize("openid").uri(),
                "p0.citizen@sandpit.example", "not-the-password");

        assertThat(landing.isPage()).isTrue();
        assertThat(landing.page().selectFirst("#kc-form-login")).isNotNull();
        assertThat(landing.page().selectFirst("#nhs-error-summary").text())
                .contains("Enter a correct email address and password");
    }

    /** Checks the JWS signature with the realm's published RS512 key, as a partner's OIDC library would. */
    private static boolean verifiesWithRealmKey(Sandpit sandpit, String jwt) throws Exception {
        Http http = new Http();
        JsonNode discovery = Json.parse(http.get(sandpit.discoveryUrl()).body());
        JsonNode jwks = Json.parse(http.get(URI.create(discovery.path("jwks_uri").asText())).body());
        String kid = Json.jwtHeader(jwt).path("kid").asText();
        for (JsonNode key : jwks.path("keys")) {
            if (kid.equals(key.path("kid").asText())) {
                Base64.Decoder base64url = Base64.getUrlDecoder();
                PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                        new BigInteger(1, base64url.decode(key.path("n").asText())),
                        new BigInteger(1, base64url.decode(key.path("e").asText()))));
                String[] parts = jwt.split("\\.");
                Signature signature = Signature.getInstance("SHA512withRSA");
                signature.initVerify(publicKey);
                signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
                return signature.verify(base64url.decode(parts[2]));
            }
        }
        return false;
    }
}
