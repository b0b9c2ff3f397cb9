package org.nhsloginkeycloak.sandpit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RealmOverlayTest {

    private static final Path DEPLOYABLE = Path.of("../realm-config/src/main/realm/nhs-realm.json");

    @Test
    void addsTheSandpitCitizensWithPasswordsAndDefaultRoles() {
        JsonNode realm = RealmOverlay.load().applyTo(DEPLOYABLE, 2525);

        assertThat(realm.path("users")).hasSize(4).allSatisfy(user -> {
            assertThat(user.path("credentials").path(0).path("value").asText()).isNotEmpty();
            // Imported users get no default roles unless named, and without them the account console refuses them.
            assertThat(user.path("realmRoles").toString()).contains("default-roles-nhs");
        });
    }

    @Test
    void givesThePartnerTheSandpitCertificateInsteadOfItsJwksUrl() throws Exception {
        JsonNode realm = RealmOverlay.load().applyTo(DEPLOYABLE, 2525);
        JsonNode client = null;
        for (JsonNode each : realm.path("clients")) {
            if (each.path("clientId").asText().equals("example-gp-services")) {
                client = each;
            }
        }

        assertThat(client).isNotNull();
        assertThat(client.path("attributes").path("use.jwks.url").asText()).isEqualTo("false");
        String certificate = client.path("attributes").path("jwt.credential.certificate").asText();
        java.security.cert.X509Certificate x509 = (java.security.cert.X509Certificate)
                java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(
                        new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(certificate)));
        assertThat(x509.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(client.path("redirectUris").toString()).contains("http://localhost/sandpit/callback");
    }

    @Test
    void sendsMailToTheSinkAndLeavesTheDeployableFileAlone() throws IOException {
        String before = Files.readString(DEPLOYABLE);

        JsonNode realm = RealmOverlay.load().applyTo(DEPLOYABLE, 3025);

        assertThat(realm.path("smtpServer").path("port").asText()).isEqualTo("3025");
        assertThat(realm.path("smtpServer").path("host").asText()).isEqualTo("127.0.0.1");
        assertThat(Files.readString(DEPLOYABLE)).isEqualTo(before);
    }

    @Test
    void letsSandpitUsersAskForMoreCodesThanTheDeployableRealmDoes() {
        JsonNode realm = RealmOverlay.load().applyTo(DEPLOYABLE, 2525);

        JsonNode config = realm.path("authenticatorConfig").get(0).path("config");
        assertThat(config.path("sends-per-window").asText()).isEqualTo("30");
        assertThat(config.path("code-lifetime-seconds").asText()).as("the rest is the realm's own").isEqualTo("600");
    }

    @Test
    void listsTheAccountsToPrint() {
        assertThat(RealmOverlay.load().accounts())
                .extracting(SandpitAccount::proofingLevel)
                .containsExactly("P0", "P5", "P9", "P9");
    }
}
