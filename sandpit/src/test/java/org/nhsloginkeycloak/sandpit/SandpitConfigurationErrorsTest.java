package org.nhsloginkeycloak.sandpit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration ends with one sentence a person can act on, and nothing left running. */
class SandpitConfigurationErrorsTest {

    @TempDir
    Path layout;

    @Test
    void theBuildToldTheLauncherWhichKeycloakItUnpacked() {
        assertThat(SandpitOptions.KEYCLOAK_VERSION).matches("\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void aMissingDistributionSaysHowToBuildIt() {
        assertThatThrownBy(() -> Sandpit.start(options()))
                .isInstanceOf(SandpitException.class)
                .hasMessageStartingWith("No Keycloak " + SandpitOptions.KEYCLOAK_VERSION + " distribution in "
                        + layout.resolve("keycloak"))
                .hasMessageContaining("mvn -pl sandpit -am package -DskipTests");
    }

    @Test
    void aMissingBundleOrRealmFileSaysHowToBuildThem() throws IOException {
        Path home = Files.createDirectories(layout.resolve("keycloak/keycloak-" + SandpitOptions.KEYCLOAK_VERSION + "/bin"));
        Files.writeString(home.resolve("kc.sh"), "#!/bin/sh\n");
        assertThatThrownBy(() -> Sandpit.start(options())).hasMessageStartingWith("No provider jar at");

        Files.createDirectories(layout.resolve("providers"));
        Files.writeString(layout.resolve("providers/nhs-login-keycloak.jar"), "");
        assertThatThrownBy(() -> Sandpit.start(options())).hasMessageStartingWith("No realm file at");
    }

    @Test
    void aBrokenRealmFileNamesWhereItBreaks() throws IOException {
        Path realm = layout.resolve("nhs-realm.json");
        Files.writeString(realm, "{\n  \"realm\": \"nhs\",\n  \"clients\": [ }\n");

        assertThatThrownBy(() -> RealmOverlay.load().applyTo(realm, 2525))
                .isInstanceOf(SandpitException.class)
                .hasMessageStartingWith("The realm file " + realm + " is not valid JSON at line 3, column")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aRealmFileForAnotherRealmIsRefused() throws IOException {
        Path realm = layout.resolve("other.json");
        Files.writeString(realm, "{\"realm\": \"master\"}");

        assertThatThrownBy(() -> RealmOverlay.load().applyTo(realm, 2525))
                .hasMessageContaining("is not a realm export for the realm \"nhs\"");
    }

    @Test
    void aPortInUseIsNamedWithWhatWantedIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> Ports.requireFree(port, "Keycloak HTTP"))
                    .isInstanceOf(SandpitException.class)
                    .hasMessageStartingWith("Port " + port + " (Keycloak HTTP) cannot be used: ")
                    .hasMessageEndingWith("Stop what listens there, or choose another port.");
        }
    }

    @Test
    @SuppressWarnings("try") // the socket is held open only to take Keycloak's port
    void partsStartedBeforeAFailureAreStopped() throws IOException {
        Path home = Files.createDirectories(layout.resolve("keycloak/keycloak-" + SandpitOptions.KEYCLOAK_VERSION + "/bin"));
        Files.writeString(home.resolve("kc.sh"), "#!/bin/sh\n");
        Files.createDirectories(layout.resolve("providers"));
        Files.writeString(layout.resolve("providers/nhs-login-keycloak.jar"), "");
        Files.createDirectories(layout.resolve("realm"));
        Files.copy(Path.of("../realm-config/src/main/realm/nhs-realm.json"), layout.resolve("realm/nhs-realm.json"));
        SandpitOptions options = options();

        try (ServerSocket keycloakPort = new ServerSocket(options.httpPort(), 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> Sandpit.start(options)).hasMessageContaining("(Keycloak HTTP; --http-port chooses another) cannot be used");
        }
        // The SMTP sink and both stand-ins started before Keycloak's port was checked; their ports are free again.
        Ports.requireFree(options.smtpPort(), "SMTP sink");
        Ports.requireFree(options.pdsPort(), "PDS stand-in");
        Ports.requireFree(options.notifyPort(), "Notify stand-in");
    }

    private SandpitOptions options() {
        SandpitOptions free = SandpitOptions.forTests(layout);
        return new SandpitOptions(layout, layout.resolve("work"), free.httpPort(), free.managementPort(), free.pdsPort(),
                free.notifyPort(), free.smtpPort(), false, false, Duration.ofSeconds(5), java.util.List.of());
    }
}
