package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.core.UserAttributes;
import org.nhsloginkeycloak.core.userprofile.NhsNumberValidator;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.sandpit.Sandpit;

/** The one jar an administrator deploys: Keycloak loads its providers, and it carries nothing Keycloak already has. */
@ExtendWith(SandpitExtension.class)
class BundleIT {

    private static final Path LAYOUT = Path.of(System.getProperty("sandpit.layout"));
    private static final String CITIZEN = "p5.citizen@sandpit.example";

    @Test
    void keycloakLoadsTheBundlesProviders(Sandpit sandpit) {
        JsonNode validators = new AdminApi(sandpit).serverInfo().path("providers").path("validator").path("providers");

        assertThat(validators.has(NhsNumberValidator.PROVIDER_ID)).as("validators: %s", validators.fieldNames()).isTrue();
    }

    @Test
    void keycloakReachesThePdsStandInThroughTheConfiguredClient(Sandpit sandpit) {
        JsonNode pds = new AdminApi(sandpit).serverInfo().path("providers").path("nhs-pds").path("providers")
                .path("pds-fhir").path("operationalInfo");

        assertThat(pds.path("base-url").asText()).isEqualTo(sandpit.pds().baseUrl() + Sandpit.PDS_FHIR_PATH);
        // The circuit it reports here depends on earlier tests' faults; ServiceStatusIT reads it where it is known.
        assertThat(pds.has("circuit")).isTrue();
    }

    @Test
    void theUserProfileRefusesAnNhsNumberWithAWrongCheckDigit(Sandpit sandpit) {
        AdminApi admin = new AdminApi(sandpit);
        String before = admin.attribute(CITIZEN, UserAttributes.NHS_NUMBER);
        ObjectNode user = admin.user(CITIZEN);
        // Ten digits, so the pattern passes; the last digit should be 6.
        user.withObjectProperty("attributes").set(UserAttributes.NHS_NUMBER, Json.MAPPER.valueToTree(List.of("9990000027")));

        HttpResponse<String> response = admin.updateUser(user);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains(NhsNumberValidator.MESSAGE_INVALID);
        assertThat(admin.attribute(CITIZEN, UserAttributes.NHS_NUMBER)).isEqualTo(before);
    }

    /**
     * Every message bundle the jar ships, English and Welsh: the same keys in both, and apostrophes written twice,
     * because Keycloak formats every message with MessageFormat, where a single one quotes (and so hides) what follows.
     */
    @Test
    void everyMessageBundleIsInEnglishAndWelshAndSurvivesMessageFormat() throws IOException {
        try (JarFile jar = new JarFile(bundle().toFile())) {
            List<String> english = jar.stream().map(java.util.jar.JarEntry::getName)
                    .filter(name -> name.endsWith("messages_en.properties")).toList();
            assertThat(english).as("message bundles in the jar").hasSizeGreaterThanOrEqualTo(2);
            for (String en : english) {
                java.util.Properties enMessages = properties(jar, en);
                java.util.Properties cyMessages = properties(jar, en.replace("messages_en", "messages_cy"));
                assertThat(cyMessages.keySet()).as("Welsh keys of %s", en).containsAll(enMessages.keySet());
                for (java.util.Properties messages : List.of(enMessages, cyMessages)) {
                    messages.forEach((key, value) -> assertThat(((String) value).replace("''", ""))
                            .as("%s in %s: write an apostrophe twice", key, en).doesNotContain("'"));
                }
            }
        }
    }

    private static java.util.Properties properties(JarFile jar, String name) throws IOException {
        java.util.Properties properties = new java.util.Properties();
        assertThat(jar.getEntry(name)).as(name).isNotNull();
        try (var in = new java.io.InputStreamReader(jar.getInputStream(jar.getEntry(name)),
                java.nio.charset.StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    private static Path bundle() throws IOException {
        try (Stream<Path> jars = Files.list(LAYOUT.resolve("providers"))) {
            return jars.filter(jar -> jar.getFileName().toString().matches("nhs-login-keycloak.*\\.jar"))
                    .findFirst().orElseThrow();
        }
    }

    @Test
    void theBundleCarriesNoClassKeycloakAlreadyShips() throws IOException {
        Path bundle = bundle();
        Set<String> ours = classesIn(bundle);
        assertThat(ours).anyMatch(name -> name.startsWith("org/nhsloginkeycloak/"));

        Set<String> keycloaks = new HashSet<>();
        try (Stream<Path> homes = Files.list(LAYOUT.resolve("keycloak"));
                Stream<Path> libs = Files.walk(homes.findFirst().orElseThrow().resolve("lib"))) {
            // lib/quarkus is what kc.sh build wrote from the providers, ours included (JPA entities enhanced, CDI
            // beans generated): not something Keycloak ships.
            for (Path jar : libs.filter(file -> file.toString().endsWith(".jar"))
                    .filter(file -> !file.getParent().getFileName().toString().equals("quarkus")).toList()) {
                keycloaks.addAll(classesIn(jar));
            }
        }
        assertThat(keycloaks).as("Keycloak's own classes").hasSizeGreaterThan(10_000);
        assertThat(ours).as("classes in the bundle that Keycloak ships too").doesNotContainAnyElementsOf(keycloaks);
    }

    private static Set<String> classesIn(Path jar) throws IOException {
        Set<String> classes = new HashSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(entry -> entry.getName())
                    .filter(name -> name.endsWith(".class") && !name.endsWith("module-info.class"))
                    .forEach(classes::add);
        }
        return classes;
    }
}
