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

    @Test
    void theBundleCarriesNoClassKeycloakAlreadyShips() throws IOException {
        Path bundle;
        try (Stream<Path> jars = Files.list(LAYOUT.resolve("providers"))) {
            bundle = jars.filter(jar -> jar.getFileName().toString().matches("nhs-login-keycloak.*\\.jar"))
                    .findFirst().orElseThrow();
        }
        Set<String> ours = classesIn(bundle);
        assertThat(ours).anyMatch(name -> name.startsWith("org/nhsloginkeycloak/"));

        Set<String> keycloaks = new HashSet<>();
        try (Stream<Path> homes = Files.list(LAYOUT.resolve("keycloak"));
                Stream<Path> libs = Files.walk(homes.findFirst().orElseThrow().resolve("lib"))) {
            for (Path jar : libs.filter(file -> file.toString().endsWith(".jar")).toList()) {
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
