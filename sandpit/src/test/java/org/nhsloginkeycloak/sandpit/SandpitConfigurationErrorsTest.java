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

    private SandpitOptions aLayoutWithAKeycloakThatCannotStart() throws IOException {
        Path home = Files.createDirectories(layout.resolve("keycloak/keycloak-" + SandpitOptions.KEYCLOAK_VERSION + "/bin"));
        Files.writeString(home.resolve("kc.sh"), "#!/bin/sh\n");
        Files.createDirectories(layout.resolve("providers"));
        Files.writeString(layout.resolve("providers/nhs-login-keycloak.jar"), "");
        Files.createDirectories(layout.resolve("realm"));
        Files.copy(Path.of("../realm-config/src/main/realm/nhs-realm.json"), layout.resolve("realm/nhs-realm.json"));
        return options();
    }

    @Test
    @SuppressWarnings("try") // the socket is held open only to take Keycloak's port
    void aSecondSandpitOnTheSamePortsStopsBeforeStartingAnything() throws IOException {
        SandpitOptions options = aLayoutWithAKeycloakThatCannotStart();

        try (ServerSocket keycloakPort = new ServerSocket(options.httpPort(), 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> Sandpit.start(options))
                    .hasMessageContaining("(Keycloak HTTP; --http-port chooses another) cannot be used");
        }
        assertThat(options.work().resolve("keys")).as("nothing was started or written").doesNotExist();
    }

    @Test
    @SuppressWarnings("try") // the socket is held open only to take the load balancer's port
    void aClusterWhosePortsAreTakenSaysWhichPartWantedThem() throws IOException {
        SandpitOptions some = aLayoutWithAKeycloakThatCannotStart();
        // Free ports are chosen one by one and may repeat: PostgreSQL's must differ from the others for this test.
        java.util.Set<Integer> others = java.util.Set.of(some.httpPort(), some.managementPort(), some.pdsPort(),
                some.notifyPort(), some.smtpPort());
        int distinct = Ports.free();
        while (others.contains(distinct)) {
            distinct = Ports.free();
        }
        SandpitOptions options = some.withDatabase(SandpitOptions.Database.POSTGRES).withNodes(2)
                .withPostgresPort(distinct);

        try (ServerSocket balancerPort = new ServerSocket(options.httpPort(), 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> Sandpit.start(options))
                    .hasMessageContaining("(the load balancer; --http-port chooses another) cannot be used");
        }
        try (ServerSocket postgresPort = new ServerSocket(options.postgresPort(), 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> Sandpit.start(options))
                    .hasMessageContaining("(PostgreSQL; --postgres-port chooses another) cannot be used");
        }
    }

    @Test
    void twoNodesWithoutPostgresAreRefusedWithWhatToAdd() throws IOException {
        SandpitOptions options = aLayoutWithAKeycloakThatCannotStart().withNodes(2);

        assertThatThrownBy(() -> Sandpit.start(options)).isInstanceOf(SandpitException.class)
                .hasMessage("Two nodes share one database: start them with --database postgres.");
    }

    @Test
    void aMachineWithoutPostgresqlSaysWhichPackageToInstall(@TempDir Path noPackages) {
        assertThatThrownBy(() -> Postgres.binaries(noPackages)).isInstanceOf(SandpitException.class)
                .hasMessageStartingWith("PostgreSQL is not installed (no initdb under " + noPackages + ")")
                .hasMessageContaining("apt-get install -y postgresql");
    }

    @Test
    void aPostgresqlThatCannotStartIsExplainedByTheFirstProblemInItsLog() throws IOException {
        Path log = layout.resolve("postgres.log");
        Files.writeString(log, "2026-12-03 07:35:07.590 UTC [8215] LOG:  starting PostgreSQL 15.18\n"
                + "2026-12-03 07:35:07.591 UTC [8215] FATAL:  could not create lock file \"/run/x/.s.PGSQL.5432.lock\"\n"
                + "2026-12-03 07:35:07.595 UTC [8215] LOG:  database system is shut down\n");

        assertThat(Postgres.firstProblem(log)).isEqualTo("could not create lock file \"/run/x/.s.PGSQL.5432.lock\"");
    }

    @Test
    void partsStartedBeforeAFailureAreStopped() throws IOException {
        SandpitOptions options = aLayoutWithAKeycloakThatCannotStart();

        // The stand-ins and the SMTP sink start first; the Keycloak home has no build to start from.
        assertThatThrownBy(() -> Sandpit.start(options)).isInstanceOf(SandpitException.class)
                .hasMessageStartingWith("Cannot prepare Keycloak in ");
        Ports.requireFree(options.smtpPort(), "SMTP sink");
        Ports.requireFree(options.pdsPort(), "PDS stand-in");
        Ports.requireFree(options.notifyPort(), "Notify stand-in");
    }

    private SandpitOptions options() {
        SandpitOptions free = SandpitOptions.forTests(layout);
        return new SandpitOptions(layout, layout.resolve("work"), free.httpPort(), free.managementPort(), free.pdsPort(),
                free.notifyPort(), free.smtpPort(), false, false, Duration.ofSeconds(5), java.util.List.of(),
                SandpitOptions.Database.H2, 1, free.postgresPort(), true);
    }
}
